// The door's own copy of the event: who is expected, who is in, which badges are
// revoked; the decision for a badge when the server cannot be asked; the scans
// waiting for the network, and the synchronisation with the server.
//
// One state, in memory, decides; IndexedDB keeps a copy of it for the next page load.
// Every answer from the server is dated by the server (`as_of`), and so is each person:
// an answer older than what the device already knows never undoes it, whatever order
// the network delivers answers in.
import { api, ApiError } from '/static/door-net.js';
import { makeVerifier } from '/static/door-ticket.js';

const BATCH_SIZE = 100;
const collator = new Intl.Collator('fr', { sensitivity: 'base' });
const FULL_REFRESH_MS = 10 * 60 * 1000;

// Lower case, no accents, words separated by one space: « Lefèvre-Œuvray » → "lefevre oeuvray".
export function fold(text) {
  return (text || '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Server times (RFC 3339, UTC) in milliseconds, for comparing; 0 when unknown.
function timeOf(iso) {
  const t = Date.parse(iso || '');
  return Number.isNaN(t) ? 0 : t;
}

// A registration as the server gives it at `asOf`, merged with what the device already knew of it.
// What the device learnt later than `asOf` (an online scan's answer) stays as it is; a check-in the
// server made after `asOf`, or one made here and not uploaded yet (pending), is not undone by an
// answer that cannot know it.
function personFrom(r, previous, asOf = '') {
  if (previous && timeOf(previous.as_of) > timeOf(asOf)) {
    const kept = { ...previous };
    if (!kept.checked_in_at && r.checked_in_at) {
      kept.checked_in_at = r.checked_in_at;
      kept.checked_in_door = r.checked_in_door ?? null;
    }
    return kept;
  }
  const person = {
    id: r.id,
    first_name: r.first_name ?? previous?.first_name ?? '',
    last_name: r.last_name ?? previous?.last_name ?? '',
    organisation: r.organisation ?? previous?.organisation ?? '',
    partner: r.partner ?? previous?.partner ?? null,
    status: r.status ?? previous?.status ?? 'confirmed',
    ticket_id: r.ticket_id ?? previous?.ticket_id ?? '',
    checked_in_at: r.checked_in_at ?? null,
    checked_in_door: r.checked_in_door ?? null,
    // true, false (added after the venue's security list was sent), or null (no such list).
    on_security_list: r.on_security_list !== undefined ? r.on_security_list : previous?.on_security_list ?? null,
    as_of: asOf || previous?.as_of || '',
  };
  if (!person.checked_in_at && previous?.checked_in_at && (previous.pending || previous.checked_in_at > asOf)) {
    person.checked_in_at = previous.checked_in_at;
    person.checked_in_door = previous.checked_in_door;
    if (previous.pending) person.pending = true;
  }
  return person;
}

function searchKey(p) {
  return { names: fold(`${p.first_name} ${p.last_name}`), last: fold(p.last_name), organisation: fold(p.organisation) };
}

export function fullName(p) {
  return `${p.first_name} ${p.last_name}`.trim();
}

export class Door {
  constructor(store) {
    this.store = store;
    this.people = new Map();
    this.keys = new Map();
    this.revoked = new Set();
    this.verifier = null;
    this.meta = {};
    this.queueSize = 0;
    this.syncing = null;
    this.nextSync = null;
    this.nextCsrf = null;
    this.lastFull = 0;
    this.listeners = new Set();
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  changed(what) {
    for (const fn of this.listeners) fn(what);
  }

  async load() {
    const { meta, people, queue } = await this.store.loadAll();
    this.meta = meta;
    this.people = new Map(people.map((p) => [p.id, p]));
    this.keys = new Map(people.map((p) => [p.id, searchKey(p)]));
    this.revoked = new Set(meta.revoked || []);
    this.queueSize = queue.length;
    await this.prepareVerifier();
    return meta;
  }

  async prepareVerifier() {
    const { public_key: key, event } = this.meta;
    if (!key || !event) return;
    if (this.verifier && this.verifier.publicKey === key && this.verifier.event === event) return;
    this.verifier = await makeVerifier(key, event);
  }

  setPerson(p) {
    this.people.set(p.id, p);
    this.keys.set(p.id, searchKey(p));
  }

  counts() {
    let expected = 0;
    let inside = 0;
    for (const p of this.people.values()) {
      if (p.status !== 'confirmed') continue;
      expected += 1;
      if (p.checked_in_at) inside += 1;
    }
    return { expected, inside };
  }

  // People whose names (or organisation) contain every word typed, names first.
  search(query, limit = 30) {
    const words = fold(query).split(' ').filter(Boolean);
    if (!words.length) return { total: 0, people: [] };
    const found = [];
    for (const [id, key] of this.keys) {
      const inNames = words.every((w) => key.names.includes(w));
      if (!inNames && !words.every((w) => key.names.includes(w) || key.organisation.includes(w))) continue;
      const p = this.people.get(id);
      const rank = (inNames ? 0 : 2) + (key.last.startsWith(words[0]) ? 0 : 1);
      found.push({ p, rank });
    }
    found.sort((a, b) => a.rank - b.rank ||
      collator.compare(a.p.last_name, b.p.last_name) || collator.compare(a.p.first_name, b.p.first_name));
    return { total: found.length, people: found.slice(0, limit).map((f) => f.p) };
  }

  // The decision for a badge, from what the device knows: the same order of checks as the server.
  async decideTicket(text) {
    if (!this.verifier) return { result: 'unverified' };
    const v = await this.verifier.check(text);
    if (v.result !== 'valid') return { result: v.result };
    const p = this.people.get(v.registrationId);
    if (!p) {
      if (this.revoked.has(v.ticketId)) return { result: 'cancelled' };
      // Genuine, signed after this device's last synchronisation: the server confirms it on upload.
      return { result: 'ok', unknown: true, id: v.registrationId, ticketId: v.ticketId };
    }
    if (p.status === 'cancelled') return { result: 'cancelled', person: p };
    if (p.ticket_id && p.ticket_id !== v.ticketId) return { result: 'invalid', person: p, replaced: true };
    if (this.revoked.has(v.ticketId)) return { result: 'cancelled', person: p };
    return this.decidePerson(p);
  }

  decideRegistration(id) {
    const p = this.people.get(id);
    if (!p) return { result: 'invalid' };
    if (p.status === 'cancelled') return { result: 'cancelled', person: p };
    return this.decidePerson(p);
  }

  decidePerson(p) {
    if (p.status !== 'confirmed') return { result: 'not_confirmed', person: p };
    if (p.checked_in_at) return { result: 'already_checked_in', person: p };
    return { result: 'ok', person: p };
  }

  // Applies a decision made on the device: the person is marked in, and the scan waits for the network.
  // Returns what to show, at once; the write to IndexedDB goes on behind.
  applyLocal(decision, scan) {
    let person = decision.person || null;
    if (decision.result === 'ok') {
      const base = person || {
        id: decision.id, first_name: '', last_name: '', organisation: '', partner: null,
        status: 'confirmed', ticket_id: decision.ticketId, unknown: true,
      };
      person = { ...base, checked_in_at: scan.scanned_at, checked_in_door: scan.door || 'entrée', pending: true };
      this.setPerson(person);
    }
    const queued = { ...scan, shown: decision.result };
    this.queueSize += 1;
    const saved = this.store.recordScan(decision.result === 'ok' ? person : null, queued);
    this.changed('scan');
    return {
      shown: {
        result: decision.result,
        registration: person,
        checked_in_at: person?.checked_in_at ?? null,
        checked_in_door: person?.checked_in_door ?? null,
        unknown: Boolean(decision.unknown || person?.unknown),
        replaced: Boolean(decision.replaced),
        offline: true,
      },
      saved,
    };
  }

  // An answer from the server (online scan or upload), dated `asOf` by the server, updates the
  // device's copy: what it says of the person, unless the device knows newer; its check-in always.
  applyServer(outcome, asOf = '') {
    const r = outcome.registration;
    if (!r) return null;
    const previous = this.people.get(r.id);
    const newer = !previous || timeOf(asOf) >= timeOf(previous.as_of);
    let status = r.status ?? previous?.status;
    if (outcome.result === 'ok' || outcome.result === 'already_checked_in') status = 'confirmed';
    if (outcome.result === 'cancelled') status = 'cancelled';
    const person = newer
      ? personFrom({
        ...r,
        status,
        ticket_id: previous?.ticket_id,
        checked_in_at: previous?.checked_in_at ?? null,
        checked_in_door: previous?.checked_in_door ?? null,
      }, previous, asOf || previous?.as_of || '')
      : { ...previous };
    delete person.unknown;
    delete person.pending;
    if (outcome.result === 'ok' || outcome.result === 'already_checked_in') {
      person.checked_in_at = outcome.checked_in_at ?? person.checked_in_at;
      person.checked_in_door = outcome.checked_in_door ?? person.checked_in_door;
    } else if (previous?.pending) {
      // The server did not let this scan in: a mark made here for it goes.
      person.checked_in_at = null;
      person.checked_in_door = null;
    }
    this.setPerson(person);
    return person;
  }

  async saveServer(person) {
    if (person) await this.store.recordScan(person, null);
  }

  // Uploads the scans made offline, in batches; the server keeps the time of each and ignores re-uploads.
  // Returns the scans shown as accepted here that the server refused (another door was first, a cancellation…).
  async upload(csrf) {
    const overruled = [];
    for (;;) {
      const items = await this.store.queued(BATCH_SIZE);
      if (!items.length) break;
      const scans = items.map(({ seq, shown, ...scan }) => scan);
      let results;
      let asOf = '';
      try {
        ({ results, as_of: asOf = '' } = await api('POST', '/api/checkin/batch', { body: { scans }, csrf, timeout: 20000 }));
      } catch (err) {
        if (!(err instanceof ApiError) || err.kind !== 'other') throw err;
        // One malformed scan must not hold back the others: send them one by one, drop what is refused.
        results = [];
        for (const scan of scans) {
          try {
            const answer = await api('POST', '/api/checkin/batch', { body: { scans: [scan] }, csrf });
            results.push({ ...answer.results[0], as_of: answer.as_of });
          } catch (single) {
            if (!(single instanceof ApiError) || single.kind !== 'other') throw single;
            results.push({ result: 'rejected' });
          }
        }
      }
      const touched = [];
      items.forEach((item, i) => {
        const outcome = results[i] || {};
        const person = this.applyServer(outcome, outcome.as_of || asOf);
        if (person) touched.push(person);
        if (item.shown === 'ok' && outcome.result !== 'ok') overruled.push({ outcome, person });
      });
      for (const p of touched) await this.store.recordScan(p, null);
      await this.store.unqueue(items.map((i) => i.seq));
      this.queueSize = await this.store.queueSize();
      this.changed('queue');
    }
    return overruled;
  }

  // Fetches the list: all of it the first time and every few minutes, else what changed since the last one.
  // A list older than the one applied last is dropped: it would put back what has changed since.
  async refresh() {
    const full = !this.meta.as_of || Date.now() - this.lastFull > FULL_REFRESH_MS;
    const query = full ? '' : `?since=${encodeURIComponent(this.meta.as_of)}`;
    const list = await api('GET', `/api/checkin/list${query}`, { timeout: 20000 });
    if (timeOf(list.as_of) < timeOf(this.meta.as_of)) return;
    // Another event, or a new version of the security list (every mark may change): all of it again.
    if (!full && (list.event !== this.meta.event || (list.security_list_version ?? 0) !== (this.meta.security_list_version ?? 0))) {
      this.lastFull = 0;
      return this.refresh();
    }
    const put = [];
    if (full) {
      const next = new Map();
      for (const r of list.registrations) next.set(r.id, personFrom(r, this.people.get(r.id), list.as_of));
      // Check-ins made here and not uploaded yet keep their people, and so do people the device
      // learnt of after this list (an online scan of someone confirmed since).
      for (const p of this.people.values()) {
        if (!next.has(p.id) && (p.pending || timeOf(p.as_of) > timeOf(list.as_of))) next.set(p.id, p);
      }
      this.people = next;
      this.keys = new Map([...next].map(([id, p]) => [id, searchKey(p)]));
      this.revoked = new Set(list.revoked);
      put.push(...next.values());
      this.lastFull = Date.now();
    } else {
      for (const r of list.registrations) {
        const p = personFrom(r, this.people.get(r.id), list.as_of);
        this.setPerson(p);
        put.push(p);
      }
      for (const id of list.revoked) this.revoked.add(id);
    }
    const meta = {
      as_of: list.as_of,
      event: list.event,
      public_key: list.public_key,
      security_list_version: list.security_list_version ?? 0,
      security_list_recipient: list.security_list_recipient ?? '',
      synced_at: new Date().toISOString(),
      revoked: [...this.revoked],
    };
    Object.assign(this.meta, meta);
    await this.prepareVerifier();
    await this.store.saveList({ replace: full, put, meta });
    this.changed('list');
  }

  get synchronising() {
    return Boolean(this.syncing || this.nextSync);
  }

  // Upload, then refresh; never two at once. A synchronisation asked for while one is on its way
  // runs once that one ends: the one on its way may have asked the server before what the caller
  // wants to see (« Synchroniser maintenant » just after a cancellation). Callers asking meanwhile
  // share that next one.
  sync(csrf) {
    if (this.syncing) {
      this.nextCsrf = csrf;
      if (!this.nextSync) {
        this.nextSync = this.syncing.catch(() => {}).then(() => {
          this.nextSync = null;
          return this.sync(this.nextCsrf);
        });
      }
      return this.nextSync;
    }
    this.syncing = this.uploadThenRefresh(csrf);
    this.changed('sync');
    return this.syncing;
  }

  async uploadThenRefresh(csrf) {
    try {
      const overruled = await this.upload(csrf);
      await this.refresh();
      return overruled;
    } finally {
      this.syncing = null;
      this.changed('sync');
    }
  }
}
