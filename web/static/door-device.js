// What identifies and configures this device, kept in localStorage: its id in the
// scan log, the name of its door, whether the camera is wanted.

export function remembered(key, fallback = '') {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

export function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private browsing: the value lasts as long as the page.
  }
}

// crypto.randomUUID exists only on secure pages; getRandomValues everywhere.
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function deviceId() {
  let id = remembered('colloq-door-device');
  if (!id) {
    id = `web-${uuid().slice(0, 8)}`;
    remember('colloq-door-device', id);
  }
  return id;
}
