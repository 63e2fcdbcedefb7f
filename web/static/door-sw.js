// The door page's service worker: keeps the page, its scripts and libraries so
// that /door opens without the network. It answers only for those files; the
// API and every other page go to the network as if it were not there.
// Served at /door-sw.js and registered with the scope /door.

const CACHE = 'colloq-door-v2';
const NETWORK_WAIT_MS = 2500;

const SHELL = [
  '/door',
  '/favicon.ico',
  '/static/icon.svg',
  '/static/base.css',
  '/static/door.css',
  '/static/door.js',
  '/static/door-camera.js',
  '/static/door-checkin.js',
  '/static/door-db.js',
  '/static/door-device.js',
  '/static/door-feedback.js',
  '/static/door-net.js',
  '/static/door-qr-worker.js',
  '/static/door-ticket.js',
  '/static/door-view.js',
  '/static/event-time.js',
  '/static/vendor/jsqr/jsQR.js',
  '/static/vendor/noble-ed25519/index.js',
  '/static/vendor/noble-hashes/sha2.js',
  '/static/vendor/noble-hashes/_md.js',
  '/static/vendor/noble-hashes/_u64.js',
  '/static/vendor/noble-hashes/utils.js',
];
const KEPT = new Set(SHELL);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('colloq-door-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The network first, so that a new version of the page arrives as soon as it is served;
// the copy kept here when the network fails or is too slow to keep the line waiting.
async function networkFirst(request, path) {
  const cache = await caches.open(CACHE);
  if (self.navigator && self.navigator.onLine === false) {
    const kept = await cache.match(path);
    if (kept) return kept;
  }
  const fromNetwork = fetch(request, { cache: 'no-cache' }).then(async (response) => {
    if (response.ok) await cache.put(path, response.clone());
    return response;
  });
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_WAIT_MS, null); });
  try {
    const first = await Promise.race([fromNetwork.catch(() => null), late]);
    if (first) return first;
  } finally {
    clearTimeout(timer);
  }
  const kept = await cache.match(path);
  if (kept) return kept;
  return fromNetwork;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !KEPT.has(url.pathname)) return;
  event.respondWith(networkFirst(request, url.pathname));
});
