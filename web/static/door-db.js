// What the door device keeps between page loads, in IndexedDB: the session's
// CSRF token, the list of people, the revoked tickets, the public key, and the
// scans waiting to be uploaded.
//   meta:   key → value (csrf, role, event, title, public_key, as_of, synced_at, revoked)
//   people: registrations by id, as the list gives them, plus the local check-ins
//   queue:  scans made while offline, by their client id, oldest first

const NAME = 'colloq-door';
const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

export async function openStore() {
  const open = indexedDB.open(NAME, VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    if (!db.objectStoreNames.contains('people')) db.createObjectStore('people', { keyPath: 'id' });
    if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
  };
  const db = await promised(open);
  // Another tab upgrading the database closes this one rather than blocking it.
  db.onversionchange = () => db.close();
  return new DoorStore(db);
}

class DoorStore {
  constructor(db) {
    this.db = db;
  }

  async loadAll() {
    const tx = this.db.transaction(['meta', 'people', 'queue'], 'readonly');
    const metaStore = tx.objectStore('meta');
    const [keys, values, people, queue] = await Promise.all([
      promised(metaStore.getAllKeys()),
      promised(metaStore.getAll()),
      promised(tx.objectStore('people').getAll()),
      promised(tx.objectStore('queue').getAll()),
    ]);
    const meta = {};
    keys.forEach((k, i) => { meta[k] = values[i]; });
    return { meta, people, queue };
  }

  async setMeta(values) {
    const tx = this.db.transaction('meta', 'readwrite');
    const store = tx.objectStore('meta');
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) store.delete(k);
      else store.put(v, k);
    }
    return done(tx);
  }

  // Replaces (full list) or updates (changes since) the people, with the meta that goes with them.
  async saveList({ replace, put = [], meta = {} }) {
    const tx = this.db.transaction(['meta', 'people'], 'readwrite');
    const people = tx.objectStore('people');
    if (replace) people.clear();
    for (const p of put) people.put(p);
    const metaStore = tx.objectStore('meta');
    for (const [k, v] of Object.entries(meta)) metaStore.put(v, k);
    return done(tx);
  }

  // A scan made on the device: the person's local state and the scan to upload, together.
  async recordScan(person, scan) {
    const tx = this.db.transaction(['people', 'queue'], 'readwrite');
    if (person) tx.objectStore('people').put(person);
    if (scan) tx.objectStore('queue').add(scan);
    return done(tx);
  }

  async queued(limit) {
    const tx = this.db.transaction('queue', 'readonly');
    return promised(tx.objectStore('queue').getAll(null, limit));
  }

  async unqueue(seqs) {
    const tx = this.db.transaction('queue', 'readwrite');
    const store = tx.objectStore('queue');
    for (const seq of seqs) store.delete(seq);
    return done(tx);
  }

  async queueSize() {
    const tx = this.db.transaction('queue', 'readonly');
    return promised(tx.objectStore('queue').count());
  }

  // Signing out: nothing personal stays on the device.
  async clear() {
    const tx = this.db.transaction(['meta', 'people', 'queue'], 'readwrite');
    for (const name of ['meta', 'people', 'queue']) tx.objectStore(name).clear();
    return done(tx);
  }
}
