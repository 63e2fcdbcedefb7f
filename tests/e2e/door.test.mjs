// The door page in a phone-sized headless Chromium against a real colloq server:
// the camera (a fake camera stream made from a real badge), a handheld scanner
// typing the code, the search by name, working offline with the scans uploaded
// when the network returns, the time from a decoded code to the result on
// screen, and accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, futureEventConfig, securityListToml, PHONE } from './server.mjs';
import { addStaff, attendee, apiSession, fakeCamera, scanLog } from './door-helpers.mjs';
import { differences } from './vendor.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const LIMIT = { timeout: 120000 };
const ONLINE_LIMIT_MS = 100;
const OFFLINE_LIMIT_MS = 20;
const TIMING_SAMPLES = 9;

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server;
let account;
let api;
let axeSource;

before(async () => {
  axeSource = await readFile(AXE_PATH, 'utf8');
  server = await startServer({ config: futureEventConfig() });
  account = await addStaff(server, { email: 'porte@example.org', role: 'door', password: 'porte-vaugirard-2024' });
  api = await apiSession(server, account);
});

after(async () => {
  if (server) await server.stop();
});

// A fresh phone-sized Chromium; `args` adds flags (the fake camera). `fn(page, context)` runs the test body.
// Console errors matching `expectedErrors` (a refused sign-in…) are part of the test.
async function withDoor({ args = [], expectedErrors = null, ...contextOptions } = {}, fn) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, ...args] });
  try {
    const context = await browser.newContext({ ...PHONE, ...contextOptions });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    const value = await fn(page, context);
    // Offline, the browser itself reports the failed API requests: those are expected.
    const unexpected = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_/.test(p) &&
      !(expectedErrors && expectedErrors.test(p)));
    assert.deepEqual(unexpected, [], 'no script errors on the door page');
    return value;
  } finally {
    await browser.close();
  }
}

async function signIn(page, base = server.url, { waitForSync = true } = {}) {
  await page.goto(`${base}/door`);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#door-view').waitFor({ state: 'visible' });
  if (waitForSync) await syncEnded(page);
}

// The status line says the last synchronisation ended (and none is on its way).
async function syncEnded(page) {
  await page.waitForFunction(() => /^Dernière synchronisation/.test(document.getElementById('sync-status').textContent));
}

// A person as the device keeps them in IndexedDB, or null. (Read with page.evaluate: Playwright's
// waitForFunction takes a returned promise for a true value at once, so it cannot wait on IndexedDB.)
function storedPerson(page, id) {
  return page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open('colloq-door');
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('people').objectStore('people').get(key);
      req.onsuccess = () => { db.close(); resolve(req.result ?? null); };
      req.onerror = () => { db.close(); reject(req.error); };
    };
    open.onerror = () => reject(open.error);
  }), id);
}

async function waitForStoredStatus(page, id, status, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await storedPerson(page, id);
    if (p && p.status === status) return p;
    if (Date.now() > until) throw new Error(`registration ${id} is ${p ? p.status : 'absent'} on the device, not ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Holds the answer to the first request for the door list that matches `pattern`: the server is asked
// at once (the answer tells the state of that moment) and the page gets the answer when the test says.
// Later requests go through.
async function holdFirstList(page, pattern = '**/api/checkin/list*') {
  let fetched;
  let release;
  const answered = new Promise((resolve) => { fetched = resolve; });
  const released = new Promise((resolve) => { release = resolve; });
  let first = true;
  await page.route(pattern, async (route) => {
    if (!first) return route.continue();
    first = false;
    const response = await route.fetch();
    fetched();
    await released;
    await route.fulfill({ response });
  });
  return { answered, release };
}

async function resultCount(page) {
  return page.evaluate(() => Number(document.body.dataset.results || 0));
}

async function lastResult(page, before) {
  await page.waitForFunction((n) => Number(document.body.dataset.results || 0) > n, before);
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent.trim();
    const overlay = document.getElementById('result');
    return {
      result: document.body.dataset.lastResult,
      tone: overlay.className.replace('result', '').trim(),
      visible: !overlay.hidden,
      verdict: text('result-verdict'),
      name: text('result-name'),
      detail: text('result-detail'),
      note: text('result-note'),
    };
  });
}

// A handheld scanner: it types the code into the focused field, then Enter.
async function scanByKeyboard(page, ticket, { typed = true } = {}) {
  const before = await resultCount(page);
  if (typed) {
    await page.keyboard.type(ticket);
  } else {
    await page.locator('#code-input').fill(ticket);
  }
  await page.keyboard.press('Enter');
  return lastResult(page, before);
}

// Cuts the device off the network, waits until the page says so, then scans `ticket` there.
async function scanOffline(page, context, ticket) {
  await context.setOffline(true);
  await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
  await page.locator('#code-input').focus();
  return scanByKeyboard(page, ticket, { typed: false });
}

async function cancelOnServer(person) {
  const res = await fetch(`${server.url}/api/manage/${person.token}/cancel`, { method: 'POST' });
  assert.equal(res.status, 200);
}

async function queueCount(page) {
  return Number(await page.locator('#queue-count').textContent());
}

async function decodedToShown(page) {
  return page.evaluate(() => {
    const m = performance.getEntriesByName('decoded-to-shown', 'measure');
    return m.length ? m[m.length - 1].duration : null;
  });
}

async function serverPerson(id) {
  const list = await api.get('/api/checkin/list');
  return list.registrations.find((r) => r.id === id);
}

async function checkAccessibility(page, label, context = null) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const results = await page.evaluate((include) =>
    window.axe.run(include ? { include: [include] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }), context);
  const violations = results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
  if (violations.length) console.log(`axe violations on ${label}:\n${violations.join('\n')}`);
  assert.deepEqual(violations, [], `accessibility violations on ${label}`);
}

// « 9 h 05 »: the hour of `iso` at `offsetMinutes` from UTC, as the pages write it.
function hoursIn(iso, offsetMinutes) {
  const hm = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(Date.parse(iso) + offsetMinutes * 60000));
  return `${Number(hm.find((p) => p.type === 'hour').value)}\u00A0h\u00A0${hm.find((p) => p.type === 'minute').value}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// One character changed in the middle of the signature: still base32, no longer genuine.
function forge(ticket) {
  const i = 100;
  const c = ticket[i] === 'A' ? 'B' : 'A';
  return ticket.slice(0, i) + c + ticket.slice(i + 1);
}

test('the vendored libraries are the npm packages, unchanged', async () => {
  assert.deepEqual(await differences(), [], 'run `node vendor.mjs` in tests/e2e after updating the packages');
});

test('the service worker keeps every file the door page loads', async () => {
  const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'static');
  const sw = await readFile(join(web, 'door-sw.js'), 'utf8');
  const kept = [...sw.slice(sw.indexOf('const SHELL'), sw.indexOf('];')).matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  const scripts = (await readdir(web)).filter((f) => /^door.*\.(js|css)$/.test(f) && f !== 'door-sw.js').map((f) => `/static/${f}`);
  // And the modules they import from elsewhere (the event's time, shared with the staff page).
  const imported = [];
  for (const f of scripts.filter((s) => s.endsWith('.js'))) {
    const source = await readFile(join(web, f.slice('/static/'.length)), 'utf8');
    for (const m of source.matchAll(/from '(\/static\/[^']+)'/g)) if (!m[1].startsWith('/static/door')) imported.push(m[1]);
  }
  const vendored = [];
  for (const folder of await readdir(join(web, 'vendor'))) {
    for (const f of await readdir(join(web, 'vendor', folder))) if (f.endsWith('.js')) vendored.push(`/static/vendor/${folder}/${f}`);
  }
  // And whatever else the page links to, such as the stylesheet every page shares and the icon.
  const html = await readFile(join(web, 'door.html'), 'utf8');
  const linked = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+|\/favicon\.ico)"/g)].map((m) => m[1]);
  assert.deepEqual(kept, [...new Set(['/door', ...scripts, ...imported, ...vendored, ...linked])].sort());
});

test('/door and its service worker are served with the security headers', async () => {
  const page = await fetch(`${server.url}/door`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
  const sw = await fetch(`${server.url}/door-sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  const html = await page.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style');
});

test('camera: a badge shown to the camera lets the person in', LIMIT, async () => {
  const person = await attendee(server, 'camera', { first_name: 'Anne-Sophie', last_name: 'Caméra-Lefèvre' });
  const y4m = await fakeCamera(person.png, join(server.dir, 'badge.y4m'));
  await withDoor({
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
    permissions: ['camera'],
  }, async (page) => {
    const before = 0;
    await signIn(page);
    const shown = await lastResult(page, before);
    assert.equal(shown.result, 'ok', JSON.stringify(shown));
    assert.equal(shown.tone, 'ok');
    assert.equal(shown.visible, true);
    assert.equal(shown.verdict, 'Entrée autorisée');
    assert.equal(shown.name, 'Anne-Sophie Caméra-Lefèvre');
    await page.waitForFunction(() => document.getElementById('announce').textContent !== '');
    assert.match(await page.locator('#announce').textContent(), /^Entrée autorisée\. Anne-Sophie Caméra-Lefèvre\. /,
      'the live region announces the result');
    assert.match(await page.locator('#device-info').textContent(), /décodage\u00A0: (jsQR|BarcodeDetector)/);

    // The badge stays in front of the camera: one scan, not one per frame.
    await page.waitForTimeout(1500);
    assert.equal(await resultCount(page), 1, 'the same badge held still is scanned once');
    // The result goes away by itself.
    await page.locator('#result').waitFor({ state: 'hidden', timeout: 5000 });
  });
  const onServer = await serverPerson(person.id);
  assert.ok(onServer.checked_in_at, 'the server shows the person checked in');
});

test('handheld scanner: a badge, a forged badge, the same badge again', LIMIT, async () => {
  const person = await attendee(server, 'scanner', { first_name: 'Jérôme', last_name: 'Lecteur' });
  await withDoor({}, async (page) => {
    await signIn(page);
    // Without a camera the page says why, and the code field still has the focus.
    await page.waitForFunction(() => document.getElementById('camera-message').classList.contains('problem'));
    assert.match(await page.locator('#camera-message').textContent(), /Aucune caméra/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code-input');

    await page.getByLabel('Nom de cette entrée').fill('Entrée Vaugirard');
    await page.getByLabel('Nom de cette entrée').press('Tab');
    await page.locator('#code-input').focus();

    const ok = await scanByKeyboard(page, person.ticket);
    assert.equal(ok.result, 'ok', JSON.stringify(ok));
    assert.equal(ok.tone, 'ok');
    assert.equal(ok.name, 'Jérôme Lecteur');
    assert.equal(ok.detail, person.organisation);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code-input', 'the code field keeps the focus');

    const forged = await scanByKeyboard(page, forge(person.ticket));
    assert.equal(forged.result, 'invalid');
    assert.equal(forged.tone, 'error');
    assert.match(forged.verdict, /invalide/);

    const again = await scanByKeyboard(page, person.ticket);
    assert.equal(again.result, 'already_checked_in');
    assert.equal(again.tone, 'warn');
    assert.equal(again.name, 'Jérôme Lecteur');
    const first = await serverPerson(person.id);
    assert.equal(again.detail, `déjà entré(e) à ${hoursIn(first.checked_in_at, 60)}, entrée Vaugirard`, 'in the event\'s +01:00');
    assert.equal(first.checked_in_door, 'Entrée Vaugirard');

    // Tapping the result goes back to scanning at once.
    await page.locator('#result').click();
    await page.locator('#result').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code-input');
    assert.equal(await page.locator('#count-in').textContent(), String((await api.get('/api/checkin/list')).checked_in));
  });
});

test('a scanner set up for a US keyboard on an AZERTY one still reads the badge', LIMIT, async () => {
  const person = await attendee(server, 'azerty', { first_name: 'Lucie', last_name: 'Azerty' });
  await withDoor({}, async (page) => {
    await signIn(page);
    const before = await resultCount(page);
    // What the scanner presses (US keys) and what an AZERTY layout makes of it.
    const azerty = { 2: 'é', 3: '"', 4: '\'', 5: '(', 6: '-', 7: 'è', A: 'Q', Q: 'A', Z: 'W', W: 'Z', M: '?' };
    await page.evaluate(({ ticket, map }) => {
      const input = document.getElementById('code-input');
      input.focus();
      for (const ch of ticket) {
        const code = /[0-9]/.test(ch) ? `Digit${ch}` : `Key${ch}`;
        const key = map[ch] ?? ch;
        input.dispatchEvent(new KeyboardEvent('keydown', { key, code, bubbles: true }));
        input.value += key;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: key, inputType: 'insertText' }));
      }
    }, { ticket: person.ticket, map: azerty });
    assert.notEqual(await page.locator('#code-input').inputValue(), person.ticket, 'the field holds the mistyped text');
    await page.keyboard.press('Enter');
    const shown = await lastResult(page, before);
    assert.equal(shown.result, 'ok');
    assert.equal(shown.name, 'Lucie Azerty');
  });
});

test('search by name, without accents or capitals, checks the person in', LIMIT, async () => {
  const person = await attendee(server, 'search', { first_name: 'Hélène', last_name: 'Œuvray-Ménard', organisation: 'Département du Doubs' });
  await withDoor({}, async (page) => {
    await signIn(page);
    await page.getByLabel('Nom, prénom ou organisme').fill('oeuvray hel');
    const item = page.locator('#search-results li', { hasText: 'Hélène Œuvray-Ménard' });
    await item.waitFor();
    assert.match(await item.textContent(), /Pas encore entré\(e\)/);
    assert.match(await page.locator('#search-summary').textContent(), /1 personne trouvée/);
    const before = await resultCount(page);
    await item.getByRole('button', { name: 'Pointer Hélène Œuvray-Ménard' }).click();
    const shown = await lastResult(page, before);
    assert.equal(shown.result, 'ok');
    assert.equal(shown.name, 'Hélène Œuvray-Ménard');
    assert.equal(await page.getByLabel('Nom, prénom ou organisme').inputValue(), '', 'the search is cleared for the next person');

    await page.getByLabel('Nom, prénom ou organisme').fill('MENARD');
    await item.waitFor();
    assert.match(await item.textContent(), /Déjà entré\(e\) à/);
    await page.getByLabel('Nom, prénom ou organisme').fill('personne-inconnue');
    await page.waitForFunction(() => /Aucune personne/.test(document.getElementById('search-summary').textContent));
  });
  assert.ok((await serverPerson(person.id)).checked_in_at);
});

test('offline: the page opens from the service worker, scans are checked and queued, then uploaded', LIMIT, async () => {
  const people = [
    await attendee(server, 'offline1', { first_name: 'Paul', last_name: 'Hors-Ligne' }),
    await attendee(server, 'offline2', { first_name: 'Inès', last_name: 'Sans-Réseau' }),
    await attendee(server, 'offline3', { first_name: 'Marc', last_name: 'Déconnecté' }),
  ];
  let queued;
  await withDoor({}, async (page, context) => {
    await signIn(page);
    await page.getByLabel('Nom de cette entrée').fill('Entrée Tournon');
    await page.getByLabel('Nom de cette entrée').press('Tab');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null).catch(async (err) => {
      // A worker runs under the policy its own script is served with: say which one it got.
      const policy = async (path) => `${path}: ${(await fetch(`${server.url}${path}`)).headers.get('content-security-policy')}`;
      throw new Error(`the service worker does not control /door (${err.message}); policies:\n` +
        `${await policy('/door-sw.js')}\n${await policy('/static/door.js')}`);
    });
    const expected = Number(await page.locator('#count-expected').textContent());
    assert.equal(expected, (await api.get('/api/checkin/list')).expected);

    const doorLoads = () => (server.logs().match(/ GET \/door \d{3}/g) || []).length;
    const loadsBefore = doorLoads();
    await context.setOffline(true);
    await page.reload();
    await page.locator('#door-view').waitFor({ state: 'visible' });
    assert.equal(doorLoads(), loadsBefore, 'offline, /door comes from the service worker, not the server');
    await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
    assert.equal(await page.getByLabel('Nom de cette entrée').inputValue(), 'Entrée Tournon', 'the door name is remembered');
    await page.locator('#code-input').focus();

    const shown = [];
    for (const ticket of [people[0].ticket, people[1].ticket, people[0].ticket, people[2].ticket]) {
      shown.push(await scanByKeyboard(page, ticket));
    }
    assert.deepEqual(shown.map((s) => s.result), ['ok', 'ok', 'already_checked_in', 'ok']);
    assert.equal(shown[0].name, 'Paul Hors-Ligne');
    assert.match(shown[0].note, /hors ligne/);
    assert.equal(shown[2].tone, 'warn');
    assert.match(shown[2].detail, /^déjà entré\(e\) à \d{1,2}\u00A0h\u00A0\d{2}, entrée Tournon$/);
    // Every scan is kept for the server's scan log, the repeat included (the last one is
    // stored just after its result shows).
    await page.waitForFunction(() => document.getElementById('queue-count').textContent.trim() === '4', null, { timeout: 5000 })
      .catch(() => {});
    assert.equal(await queueCount(page), 4);
    assert.match(await page.locator('#queue-status').textContent(), /4 passages en attente d'envoi/);

    queued = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('colloq-door');
      open.onsuccess = () => {
        const req = open.result.transaction('queue').objectStore('queue').getAll();
        req.onsuccess = () => resolve(req.result.map(({ seq, shown: s, ...scan }) => scan));
        req.onerror = () => reject(req.error);
      };
      open.onerror = () => reject(open.error);
    }));
    assert.equal(queued.length, 4);
    for (const p of people) assert.equal((await serverPerson(p.id)).checked_in_at, null, 'nothing reached the server yet');

    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
    await page.waitForFunction(() => /En ligne/.test(document.getElementById('net-status').textContent));
  });

  // The server agrees: three people in, at the time of their first scan, and four scans in the log.
  for (const [i, p] of people.entries()) {
    const onServer = await serverPerson(p.id);
    assert.equal(onServer.checked_in_at, queued[i === 2 ? 3 : i].scanned_at, `${p.last_name} is in since the offline scan`);
    assert.equal(onServer.checked_in_door, 'Entrée Tournon');
  }
  // In the order the scans were made (a badge whose e-mail has not left yet is checked a moment
  // later than the others, so the log's own order may differ).
  const log = (await scanLog(server)).filter((s) => s.client_scan_id).sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
  assert.deepEqual(log.map((s) => s.client_scan_id), queued.map((q) => q.id));
  assert.deepEqual(log.map((s) => s.result), ['ok', 'ok', 'already_checked_in', 'ok']);
  assert.deepEqual(log.map((s) => s.scanned_at), queued.map((q) => q.scanned_at));

  // Uploading the same scans again changes nothing.
  const listBefore = await api.get('/api/checkin/list');
  const again = await api.post('/api/checkin/batch', { scans: queued });
  assert.deepEqual(again.results.map((r) => r.result), ['ok', 'ok', 'already_checked_in', 'ok']);
  assert.equal((await scanLog(server)).filter((s) => s.client_scan_id).length, 4);
  const listAfter = await api.get('/api/checkin/list');
  assert.equal(listAfter.checked_in, listBefore.checked_in);
  for (const p of people) {
    assert.equal(listAfter.registrations.find((r) => r.id === p.id).checked_in_at,
      listBefore.registrations.find((r) => r.id === p.id).checked_in_at);
  }
});

test('offline: a badge cancelled before the last synchronisation is refused, a newer genuine one let in', LIMIT, async () => {
  const kept = await attendee(server, 'kept', { first_name: 'Zoé', last_name: 'Gardée' });
  const cancelled = await attendee(server, 'cancelled', { first_name: 'Yves', last_name: 'Annulé' });
  let late;
  await withDoor({}, async (page, context) => {
    await signIn(page);
    // The changes arrive a second late, as on a poor network: the device goes offline only once they
    // are in (waiting less would scan before the device could know).
    await page.route('**/api/checkin/list?since=*', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.fulfill({ response });
    });
    const res = await fetch(`${server.url}/api/manage/${cancelled.token}/cancel`, { method: 'POST' });
    assert.equal(res.status, 200);
    // The next synchronisation (with since) brings the cancellation.
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await waitForStoredStatus(page, cancelled.id, 'cancelled');
    await syncEnded(page);
    await context.setOffline(true);
    await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
    await page.locator('#code-input').focus();
    const refused = await scanByKeyboard(page, cancelled.ticket, { typed: false });
    assert.equal(refused.result, 'cancelled');
    assert.equal(refused.verdict, 'Badge annulé');
    assert.equal(refused.name, 'Yves Annulé');
    const ok = await scanByKeyboard(page, kept.ticket, { typed: false });
    assert.equal(ok.result, 'ok');

    // Registered after the device's last synchronisation: the signature vouches for the badge.
    late = await attendee(server, 'late', { first_name: 'Léa', last_name: 'Tardive' });
    const unknown = await scanByKeyboard(page, late.ticket, { typed: false });
    assert.equal(unknown.result, 'ok');
    assert.equal(unknown.name, 'Nom à vérifier sur le badge');
    assert.match(unknown.detail, new RegExp(`n°\u00A0${late.id} trop récente`));
    const repeat = await scanByKeyboard(page, late.ticket, { typed: false });
    assert.equal(repeat.result, 'already_checked_in', 'a repeat of a badge unknown to the list is caught too');

    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
    // After the upload the device knows the name.
    await page.getByLabel('Nom, prénom ou organisme').fill('tardive');
    await page.locator('#search-results li', { hasText: 'Léa Tardive' }).waitFor();
  });
  assert.ok((await serverPerson(kept.id)).checked_in_at);
  assert.ok((await serverPerson(late.id)).checked_in_at);
  const manage = await (await fetch(`${server.url}/api/manage/${cancelled.token}`)).json();
  assert.equal(manage.status, 'cancelled');
  assert.equal(manage.checked_in_at, null, 'the cancelled badge did not check anyone in');
});

test('offline: « Synchroniser maintenant » tapped while a synchronisation is on its way brings what changed before the tap', LIMIT, async () => {
  const person = await attendee(server, 'tapped', { first_name: 'Inès', last_name: 'Touchée' });
  await withDoor({}, async (page, context) => {
    // The synchronisation of the sign-in asks the server, then its answer is slow to arrive.
    const held = await holdFirstList(page);
    await signIn(page, server.url, { waitForSync: false });
    await held.answered;
    await cancelOnServer(person);
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    assert.match(await page.locator('#sync-status').textContent(), /^Synchronisation en cours/);
    held.release();
    // Done as the status line says it: then the device knows of the cancellation.
    await syncEnded(page);
    assert.equal((await storedPerson(page, person.id)).status, 'cancelled');
    assert.equal((await scanOffline(page, context, person.ticket)).result, 'cancelled');
  });
});

test('offline: an online answer is not undone by a list the server gave before it', LIMIT, async () => {
  const person = await attendee(server, 'overtaken', { first_name: 'Hugo', last_name: 'Devancé' });
  await withDoor({}, async (page, context) => {
    // The whole list of the sign-in leaves the server with the person confirmed, and arrives late.
    const held = await holdFirstList(page);
    await signIn(page, server.url, { waitForSync: false });
    await held.answered;
    await cancelOnServer(person);
    // Meanwhile a scan online: the server says cancelled.
    await page.locator('#code-input').focus();
    const online = await scanByKeyboard(page, person.ticket, { typed: false });
    assert.equal(online.result, 'cancelled');
    held.release();
    await syncEnded(page);
    assert.equal((await storedPerson(page, person.id)).status, 'cancelled', 'the older list did not put the person back');
    assert.equal((await scanOffline(page, context, person.ticket)).result, 'cancelled');
  });
});

test('offline: of two lists, the older one arriving last is dropped', LIMIT, async () => {
  await withDoor({}, async (page) => {
    await signIn(page);
    // A second copy of the door's state beside the page's own, kept in memory only, to play the two
    // answers in the wrong order.
    await page.evaluate(async () => {
      const { Door } = await import('/static/door-checkin.js');
      window.testDoor = new Door({ saveList: async () => {}, recordScan: async () => {} });
      await window.testDoor.refresh();
    });
    const person = await attendee(server, 'twice', { first_name: 'Rémi', last_name: 'Deux-Fois' });
    const held = await holdFirstList(page, '**/api/checkin/list?since=*');
    await page.evaluate(() => { window.firstList = window.testDoor.refresh(); });
    await held.answered;
    await cancelOnServer(person);
    await page.evaluate(() => window.testDoor.refresh());
    held.release();
    await page.evaluate(() => window.firstList);
    const known = await page.evaluate(async ({ id, ticket }) => ({
      status: window.testDoor.people.get(id)?.status,
      decision: (await window.testDoor.decideTicket(ticket)).result,
    }), { id: person.id, ticket: person.ticket });
    assert.deepEqual(known, { status: 'cancelled', decision: 'cancelled' });
  });
});

test('times at the door are the event\'s own, whatever the zone of the device', LIMIT, async () => {
  // An event held at +00:00 (Lisbon, say), on a device whose zone is Paris.
  const lisbon = await startServer({ config: futureEventConfig().replace(/\+01:00/g, '+00:00') });
  try {
    await addStaff(lisbon, account);
    const person = await attendee(lisbon, 'lisbonne', { first_name: 'Rita', last_name: 'Horaire' });
    await withDoor({ timezoneId: 'Europe/Paris' }, async (page) => {
      await signIn(page, lisbon.url);
      await page.locator('#code-input').focus();
      assert.equal((await scanByKeyboard(page, person.ticket, { typed: false })).result, 'ok');
      const again = await scanByKeyboard(page, person.ticket, { typed: false });
      assert.equal(again.result, 'already_checked_in');
      const first = (await (await fetch(`${lisbon.url}/api/manage/${person.token}`)).json()).checked_in_at;
      assert.equal(again.detail, `déjà entré(e) à ${hoursIn(first, 0)}, entrée`);
    });
  } finally {
    await lisbon.stop();
  }
});

test('a session that ends keeps the scans until the staff sign in again; signing out clears the device', LIMIT, async () => {
  const person = await attendee(server, 'expired', { first_name: 'Odile', last_name: 'Reconnectée' });
  await withDoor({ expectedErrors: /status of 401/ }, async (page) => {
    await signIn(page);
    // The session ends on the server (as when it expires).
    await page.evaluate(async () => {
      const open = await new Promise((resolve) => { const r = indexedDB.open('colloq-door'); r.onsuccess = () => resolve(r.result); });
      const csrf = await new Promise((resolve) => {
        const r = open.transaction('meta').objectStore('meta').get('csrf');
        r.onsuccess = () => resolve(r.result);
      });
      await fetch('/api/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
    });
    await page.locator('#code-input').focus();
    const shown = await scanByKeyboard(page, person.ticket, { typed: false });
    assert.equal(shown.result, 'ok', 'the line keeps moving: the device decides');
    assert.equal(await queueCount(page), 1);
    const alert = page.locator('#door-alert');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.textContent(), /session a expiré/);
    assert.equal((await serverPerson(person.id)).checked_in_at, null);

    // Signing out is refused while scans wait.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForFunction(() => /1 passage n'a pas encore été envoyé/.test(document.getElementById('door-alert').textContent));

    await alert.getByRole('button', { name: 'Se reconnecter' }).click();
    await page.getByLabel('Adresse e-mail').fill(account.email);
    await page.getByLabel('Mot de passe').fill(account.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#door-view').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
    assert.ok((await serverPerson(person.id)).checked_in_at, 'the scan reached the server after signing in again');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('#login-view').waitFor({ state: 'visible' });
    const left = await page.evaluate(() => new Promise((resolve) => {
      const r = indexedDB.open('colloq-door');
      r.onsuccess = () => {
        const count = r.result.transaction('people').objectStore('people').count();
        count.onsuccess = () => resolve(count.result);
      };
    }));
    assert.equal(left, 0, 'no personal data stays on the device');
    await page.reload();
    await page.locator('#login-view').waitFor({ state: 'visible' });
  });
});

test('a server that does not answer a scan: the device decides, then uploads', LIMIT, async () => {
  const person = await attendee(server, 'unanswered', { first_name: 'Gaëlle', last_name: 'Sans-Réponse' });
  await withDoor({}, async (page) => {
    await signIn(page);
    await page.route('**/api/checkin', (route) => route.abort('connectionrefused'));
    await page.locator('#code-input').focus();
    const shown = await scanByKeyboard(page, person.ticket, { typed: false });
    assert.equal(shown.result, 'ok');
    assert.equal(shown.name, 'Gaëlle Sans-Réponse');
    assert.match(shown.note, /hors ligne/);
    assert.equal(await queueCount(page), 1);
    await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
    await page.unroute('**/api/checkin');
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
    await page.waitForFunction(() => /En ligne/.test(document.getElementById('net-status').textContent));
  });
  assert.ok((await serverPerson(person.id)).checked_in_at);
});

test('a partner account cannot use the door page', LIMIT, async () => {
  const partner = await addStaff(server, { email: 'dextera@example.org', role: 'partner', partner: 'dextera', password: 'association-dextera-2024' });
  await withDoor({}, async (page) => {
    await page.goto(`${server.url}/door`);
    await page.getByLabel('Adresse e-mail').fill(partner.email);
    await page.getByLabel('Mot de passe').fill(partner.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForFunction(() => /n'a pas accès à l'accueil/.test(document.getElementById('login-alert').textContent));
    assert.equal(await page.locator('#door-view').isVisible(), false);
  });
});

test('on a plain-http address: the camera says why, and badges are checked by the fallback library', LIMIT, async () => {
  const person = await attendee(server, 'http', { first_name: 'Noé', last_name: 'Sans-HTTPS' });
  const port = new URL(server.url).port;
  const base = `http://porte.colloq.test:${port}`;
  await withDoor({ args: ['--host-resolver-rules=MAP porte.colloq.test 127.0.0.1'] }, async (page, context) => {
    await signIn(page, base);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    await page.waitForFunction(() => document.getElementById('camera-message').classList.contains('problem'));
    assert.match(await page.locator('#camera-message').textContent(), /page sécurisée \(adresse en https:\/\/\)/);
    assert.match(await page.locator('#device-info').textContent(), /@noble\/ed25519/);

    await context.setOffline(true);
    await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
    await page.locator('#code-input').focus();
    const forged = await scanByKeyboard(page, forge(person.ticket), { typed: false });
    assert.equal(forged.result, 'invalid');
    const ok = await scanByKeyboard(page, person.ticket, { typed: false });
    assert.equal(ok.result, 'ok');
    assert.equal(ok.name, 'Noé Sans-HTTPS');
    assert.equal(await queueCount(page), 2);
    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
  });
  assert.ok((await serverPerson(person.id)).checked_in_at);
});

test('time from a decoded code to the result on screen, online and offline', LIMIT, async () => {
  const people = [];
  for (let i = 0; i < 2 * TIMING_SAMPLES; i += 1) {
    people.push(await attendee(server, `timing${i}`, { first_name: 'Rapide', last_name: `Numéro ${i}` }));
  }
  const times = { online: [], offline: [] };
  await withDoor({}, async (page, context) => {
    await signIn(page);
    await page.locator('#code-input').focus();
    for (const p of people.slice(0, TIMING_SAMPLES)) {
      const shown = await scanByKeyboard(page, p.ticket, { typed: false });
      assert.equal(shown.result, 'ok');
      times.online.push(await decodedToShown(page));
    }
    await context.setOffline(true);
    await page.waitForFunction(() => /Hors ligne/.test(document.getElementById('net-status').textContent));
    for (const p of people.slice(TIMING_SAMPLES)) {
      const shown = await scanByKeyboard(page, p.ticket, { typed: false });
      assert.equal(shown.result, 'ok');
      times.offline.push(await decodedToShown(page));
    }
    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('queue-count').textContent === '0', null, { timeout: 30000 });
  });
  const fmt = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
  console.log(`decoded→shown online (ms): median ${median(times.online).toFixed(1)}, max ${Math.max(...times.online).toFixed(1)} [${fmt(times.online)}]`);
  console.log(`decoded→shown offline (ms): median ${median(times.offline).toFixed(1)}, max ${Math.max(...times.offline).toFixed(1)} [${fmt(times.offline)}]`);
  assert.ok(median(times.online) < ONLINE_LIMIT_MS, `online median ${median(times.online)} ms`);
  assert.ok(median(times.offline) < OFFLINE_LIMIT_MS, `offline median ${median(times.offline)} ms`);
});

test('the door page passes axe-core, signed out and while scanning', LIMIT, async () => {
  const person = await attendee(server, 'axe', { first_name: 'Axel', last_name: 'Accessible' });
  await withDoor({ expectedErrors: /status of 401/ }, async (page) => {
    await page.goto(`${server.url}/door`);
    await page.locator('#login-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await checkAccessibility(page, '/door, signed out');

    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#login-alert').waitFor({ state: 'visible' });
    await checkAccessibility(page, '/door, sign-in error');

    await page.getByLabel('Adresse e-mail').fill(account.email);
    await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForFunction(() => /incorrect/.test(document.getElementById('login-alert').textContent));

    await page.getByLabel('Mot de passe').fill(account.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#door-view').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.getElementById('camera-message').classList.contains('problem'));
    await page.getByLabel('Nom, prénom ou organisme').fill('accessible');
    await page.locator('#search-results li').first().waitFor();
    await checkAccessibility(page, '/door, scanning');

    // Each kind of result, checked while it is on screen.
    await page.getByLabel('Nom, prénom ou organisme').fill('');
    await page.locator('#code-input').focus();
    for (const [ticket, tone] of [[person.ticket, 'ok'], [person.ticket, 'warn'], [forge(person.ticket), 'error']]) {
      const shown = await scanByKeyboard(page, ticket, { typed: false });
      assert.equal(shown.tone, tone);
      await checkAccessibility(page, `the ${tone} result`, '#result');
      assert.equal(await page.locator('#result').isVisible(), true, 'the result was on screen during the check');
    }
  });
  assert.ok((await serverPerson(person.id)).checked_in_at);
});

test('a name added after the security list was sent gets its own colour and words, online and offline', LIMIT, async () => {
  const listServer = await startServer({
    config: futureEventConfig({
      questions: securityListToml(),
    }),
  });
  try {
    const door = await addStaff(listServer, { email: 'porte@example.org', role: 'door', password: 'porte-vaugirard-2024' });
    const admin = await addStaff(listServer, { email: 'orga@example.org', role: 'admin', password: 'organisateur-2024-senat' });
    const onList = await attendee(listServer, 'liste', { first_name: 'Inès', last_name: 'Transmise' });
    const adminApi = await apiSession(listServer, admin);
    const frozen = await adminApi.post('/api/security-list/freeze', {});
    assert.equal(frozen.version, 1);
    const late = await attendee(listServer, 'tard', { first_name: 'Léon', last_name: 'Tardif' });
    const lateOffline = await attendee(listServer, 'tard2', { first_name: 'Lou', last_name: 'Horsligne' });

    await withDoor({}, async (page, context) => {
      await page.goto(`${listServer.url}/door`);
      await page.getByLabel('Adresse e-mail').fill(door.email);
      await page.getByLabel('Mot de passe').fill(door.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.locator('#door-view').waitFor({ state: 'visible' });
      await page.waitForFunction(() => /Dernière synchronisation/.test(document.getElementById('sync-status').textContent));
      await page.locator('#code-input').focus();

      const sent = await scanByKeyboard(page, onList.ticket);
      assert.equal(sent.result, 'ok');
      assert.equal(sent.tone, 'ok', 'a name on the list sent: the usual green');

      const added = await scanByKeyboard(page, late.ticket);
      assert.equal(added.result, 'ok');
      assert.equal(added.tone, 'late', JSON.stringify(added));
      assert.equal(added.verdict, 'Absent de la liste transmise');
      assert.equal(added.name, 'Léon Tardif');
      assert.match(added.note, /Service de la sécurité du Sénat/);
      const colours = await page.evaluate(() => getComputedStyle(document.getElementById('result')).backgroundColor);
      assert.notEqual(colours, 'rgb(14, 107, 43)', 'not the green of a name on the list');
      await checkAccessibility(page, 'the door result for a late name', '#result');

      await context.setOffline(true);
      const offline = await scanByKeyboard(page, lateOffline.ticket);
      assert.equal(offline.result, 'ok');
      assert.equal(offline.tone, 'late', 'the offline list knows who was sent');
      assert.match(offline.note, /hors ligne/);
      await context.setOffline(false);
    });
  } finally {
    await listServer.stop();
  }
});
