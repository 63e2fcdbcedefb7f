// The door page: sign in, then check badges in with the camera, a handheld
// scanner or a search by name; online through the server, offline on the
// device, with the scans uploaded when the network returns.
import { api } from '/static/door-net.js';
import { openStore } from '/static/door-db.js';
import { Door } from '/static/door-checkin.js';
import { CameraPanel } from '/static/door-camera.js';
import { deviceId, remember, remembered, uuid } from '/static/door-device.js';
import { unlockSound } from '/static/door-feedback.js';
import { setEventOffset } from '/static/event-time.js';
import { ResultView, renderStatus, renderSearch } from '/static/door-view.js';

const SYNC_MS = 30000;
const RETRY_MS = 10000;
const SCAN_TIMEOUT_MS = 3000;
const TICKET = /^[A-Za-z2-7]{130}$/;

const $ = (id) => document.getElementById(id);
const els = {
  starting: $('starting'),
  eventTitle: $('event-title'),
  loginView: $('login-view'),
  loginForm: $('login-form'),
  loginEmail: $('login-email'),
  loginPassword: $('login-password'),
  loginSubmit: $('login-submit'),
  loginAlert: $('login-alert'),
  doorView: $('door-view'),
  doorAlert: $('door-alert'),
  net: $('net-status'),
  countIn: $('count-in'),
  countExpected: $('count-expected'),
  countLabel: $('count-label'),
  sync: $('sync-status'),
  queue: $('queue-status'),
  queueCount: $('queue-count'),
  queueLabel: $('queue-label'),
  viewfinder: $('viewfinder'),
  video: $('camera-video'),
  cameraMessage: $('camera-message'),
  cameraToggle: $('camera-toggle'),
  codeForm: $('code-form'),
  codeInput: $('code-input'),
  searchInput: $('search-input'),
  searchSummary: $('search-summary'),
  searchResults: $('search-results'),
  doorName: $('door-name'),
  deviceInfo: $('device-info'),
  syncNow: $('sync-now'),
  logout: $('logout'),
  result: $('result'),
  icon: $('result-icon'),
  verdict: $('result-verdict'),
  name: $('result-name'),
  detail: $('result-detail'),
  note: $('result-note'),
  announce: $('announce'),
};

const state = {
  store: null,
  door: null,
  csrf: null,
  online: navigator.onLine,
  sessionLost: false,
  syncTimer: null,
  keys: '',
  deviceId: '',
};

const coarse = window.matchMedia('(pointer: coarse)').matches;

function doorName() {
  return els.doorName.value.trim().slice(0, 100);
}

// --- Views -------------------------------------------------------------------

function alertIn(box, message, action) {
  box.replaceChildren();
  if (!message) {
    box.hidden = true;
    return;
  }
  const p = document.createElement('p');
  p.textContent = message;
  box.append(p);
  if (action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button secondary';
    b.textContent = action.label;
    b.addEventListener('click', action.run);
    box.append(b);
  }
  box.hidden = false;
}

function showLogin(message) {
  camera.stop();
  els.doorView.hidden = true;
  els.loginView.hidden = false;
  alertIn(els.loginAlert, message || '');
  els.loginPassword.value = '';
  (els.loginEmail.value ? els.loginPassword : els.loginEmail).focus();
}

function showDoor() {
  els.loginView.hidden = true;
  els.doorView.hidden = false;
  refreshStatus();
  idleFocus();
  camera.resume();
}

function refreshStatus() {
  const { door } = state;
  renderStatus(els, {
    online: state.online,
    counts: door.counts(),
    syncedAt: door.meta.synced_at,
    everSynced: Boolean(door.meta.synced_at),
    synchronising: door.synchronising,
    queueSize: door.queueSize,
  });
  const engine = door.verifier ? (door.verifier.engine === 'webcrypto' ? 'WebCrypto' : 'bibliothèque @noble/ed25519') : 'liste non chargée';
  const decoder = camera.decoder ? ` · décodage\u00A0: ${camera.decoder}` : '';
  els.deviceInfo.textContent = `Appareil\u00A0: ${state.deviceId} · signatures vérifiées par\u00A0: ${engine}${decoder}`;
}

// The handheld scanner types into the code field: it keeps the focus whenever nobody is using another field.
function idleFocus() {
  if (els.doorView.hidden) return;
  const active = document.activeElement;
  if (!active || active === document.body || active === els.result || active.id === 'main') {
    els.codeInput.focus({ preventScroll: true });
  }
}

const results = new ResultView(els, {
  onHidden: idleFocus,
  securityList: () => ({
    version: state.door?.meta.security_list_version || 0,
    recipient: state.door?.meta.security_list_recipient || '',
  }),
});

function setOnline(ok) {
  const now = ok && navigator.onLine;
  if (state.online === now) return;
  state.online = now;
  refreshStatus();
}

function sessionLost(err) {
  state.sessionLost = true;
  const message = err && err.kind === 'forbidden' && err.message
    ? `${err.message} Les badges restent vérifiés sur l'appareil en attendant.`
    : 'Votre session a expiré\u00A0: reconnectez-vous pour envoyer les passages. Les badges restent vérifiés sur l\'appareil en attendant.';
  alertIn(els.doorAlert, message, reconnect);
}

const reconnect = { label: 'Se reconnecter', run: () => showLogin() };

// --- Synchronisation -----------------------------------------------------------

function scheduleSync(ms) {
  clearTimeout(state.syncTimer);
  state.syncTimer = setTimeout(runSync, ms);
}

function reportOverruled(overruled) {
  if (!overruled.length) return;
  const names = overruled.map(({ person }) => (person ? `${person.first_name} ${person.last_name}`.trim() : 'badge inconnu'));
  const n = overruled.length;
  alertIn(els.doorAlert,
    `Après envoi, le serveur a refusé ${n} passage${n > 1 ? 's' : ''} accepté${n > 1 ? 's' : ''} hors ligne ` +
    `(déjà entré par une autre entrée, ou inscription annulée)\u00A0: ${names.join(', ')}.`,
    { label: 'Compris', run: () => alertIn(els.doorAlert, '') });
}

async function runSync() {
  clearTimeout(state.syncTimer);
  if (!state.csrf || state.sessionLost) return;
  if (!navigator.onLine) {
    setOnline(false);
    scheduleSync(RETRY_MS);
    return;
  }
  try {
    const overruled = await state.door.sync(state.csrf);
    setOnline(true);
    reportOverruled(overruled);
    scheduleSync(SYNC_MS);
    if (!state.door.meta.title || !state.door.meta.starts_at) loadEventTitle();
  } catch (err) {
    if (err.kind === 'auth' || err.kind === 'forbidden') {
      sessionLost(err);
    } else if (err.kind === 'network') {
      setOnline(false);
      scheduleSync(RETRY_MS);
    } else {
      alertIn(els.doorAlert, `La synchronisation a échoué\u00A0: ${err.message || err}`);
      scheduleSync(SYNC_MS);
    }
  }
  refreshStatus();
}

// The event's title, and its start whose offset the times shown follow; kept for the next page load.
async function loadEventTitle() {
  try {
    const event = await api('GET', '/api/event', { timeout: 5000 });
    if (event.title) els.eventTitle.textContent = event.title;
    setEventOffset(event.starts_at);
    const kept = { title: event.title || undefined, starts_at: event.starts_at || undefined };
    Object.assign(state.door.meta, kept);
    await state.store.setMeta(kept);
    refreshStatus();
  } catch {
    // A comfort; it comes with the next synchronisation.
  }
}

// --- Check-in ------------------------------------------------------------------

function canAskServer() {
  return state.online && navigator.onLine && !state.sessionLost && state.csrf;
}

// Online: the server decides. Offline, or when the server cannot be reached in time: the device decides,
// marks the person in and keeps the scan for upload.
async function checkIn(body, decideHere) {
  const door = doorName();
  const scan = { id: uuid(), ...body, scanned_at: new Date().toISOString(), device: state.deviceId };
  if (door) scan.door = door;
  if (canAskServer()) {
    try {
      const request = { ...body, device: state.deviceId };
      if (door) request.door = door;
      const outcome = await api('POST', '/api/checkin', { body: request, csrf: state.csrf, timeout: SCAN_TIMEOUT_MS });
      const person = state.door.applyServer(outcome, outcome.as_of);
      results.show({ ...outcome, registration: person || outcome.registration, offline: false });
      results.afterPaint(() => {
        setOnline(true);
        refreshStatus();
        state.door.saveServer(person).catch(() => {});
      });
      return;
    } catch (err) {
      if (err.kind === 'auth' || err.kind === 'forbidden') {
        sessionLost(err);
      } else if (err.kind === 'network') {
        setOnline(false);
        scheduleSync(RETRY_MS);
      } else {
        results.show({ result: 'error', message: err.message });
        return;
      }
    }
  }
  const decision = await decideHere();
  const { shown, saved } = state.door.applyLocal(decision, scan);
  results.show(shown);
  results.afterPaint(refreshStatus);
  saved.then(refreshStatus, () => {
    alertIn(els.doorAlert, 'Ce passage n\'a pas pu être enregistré sur l\'appareil (mémoire pleine\u00A0?)\u00A0: notez-le.');
  });
}

function scanTicket(text) {
  performance.mark('qr-decoded');
  const ticket = text.trim().slice(0, 1024);
  if (!ticket) return;
  checkIn({ ticket }, () => state.door.decideTicket(ticket)).catch(showFailure);
}

function checkInPerson(id) {
  checkIn({ registration_id: id }, async () => state.door.decideRegistration(id)).catch(showFailure);
}

function showFailure(err) {
  results.show({ result: 'error', message: `Le passage n'a pas pu être traité\u00A0: ${err && err.message ? err.message : err}` });
}

const camera = new CameraPanel(els, { onCode: scanTicket, onChange: refreshStatus, remembered, remember });

// --- Sign in and out -------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  unlockSound();
  const email = els.loginEmail.value.trim();
  const password = els.loginPassword.value;
  if (!email || !password) {
    alertIn(els.loginAlert, 'Indiquez l\'adresse e-mail et le mot de passe du compte d\'accueil.');
    (email ? els.loginPassword : els.loginEmail).focus();
    return;
  }
  els.loginSubmit.disabled = true;
  try {
    const session = await api('POST', '/api/login', { body: { email, password }, timeout: 15000 });
    if (session.role !== 'door' && session.role !== 'admin') {
      await api('POST', '/api/logout', { csrf: session.csrf_token }).catch(() => {});
      alertIn(els.loginAlert, 'Ce compte n\'a pas accès à l\'accueil des participants\u00A0: utilisez un compte d\'accueil ou d\'administration.');
      return;
    }
    state.csrf = session.csrf_token;
    state.sessionLost = false;
    state.door.meta.csrf = session.csrf_token;
    await state.store.setMeta({ csrf: session.csrf_token, role: session.role });
    alertIn(els.doorAlert, '');
    state.online = true;
    showDoor();
    runSync();
  } catch (err) {
    const message = err.kind === 'network'
      ? 'Connexion impossible\u00A0: le serveur ne répond pas. Vérifiez le réseau de l\'appareil, puis réessayez.'
      : err.message;
    alertIn(els.loginAlert, message);
    els.loginPassword.focus();
  } finally {
    els.loginSubmit.disabled = false;
  }
}

async function signOut() {
  if (state.door.queueSize > 0) {
    const n = state.door.queueSize;
    alertIn(els.doorAlert,
      `${n} passage${n > 1 ? 's' : ''} n'${n > 1 ? 'ont' : 'a'} pas encore été envoyé${n > 1 ? 's' : ''}\u00A0: ` +
      (state.sessionLost
        ? 'reconnectez-vous pour les envoyer avant de vous déconnecter.'
        : 'reconnectez l\'appareil au réseau et attendez l\'envoi avant de vous déconnecter.'),
      state.sessionLost ? reconnect : null);
    return;
  }
  clearTimeout(state.syncTimer);
  await api('POST', '/api/logout', { csrf: state.csrf, timeout: 5000 }).catch(() => {});
  await state.store.clear();
  state.csrf = null;
  state.door = newDoor();
  els.searchInput.value = '';
  renderSearch(els, { total: 0, people: [] }, '');
  alertIn(els.doorAlert, '');
  showLogin('Vous êtes déconnecté(e). La liste des participants a été effacée de cet appareil.');
}

function newDoor() {
  const door = new Door(state.store);
  door.onChange((what) => {
    if (what === 'sync' && !els.doorView.hidden) refreshStatus();
    if (what === 'list' && els.searchInput.value.trim() && !els.searchResults.contains(document.activeElement)) {
      renderSearch(els, door.search(els.searchInput.value), els.searchInput.value);
    }
  });
  return door;
}

// --- Wiring --------------------------------------------------------------------

function wire() {
  els.loginForm.addEventListener('submit', signIn);

  els.codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    unlockSound();
    const typed = els.codeInput.value.trim();
    const keys = state.keys;
    state.keys = '';
    els.codeInput.value = '';
    // A scanner set up for a US keyboard on a French (AZERTY) one types « é"'(-è » for 2…7 and swaps
    // letters: the physical keys it pressed still spell the ticket.
    const text = !TICKET.test(typed) && TICKET.test(keys) ? keys : typed;
    if (text) scanTicket(text);
  });
  els.codeInput.addEventListener('keydown', (event) => {
    const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code || '');
    if (m) state.keys += m[1] || m[2];
    else if (event.code === 'Backspace') state.keys = state.keys.slice(0, -1);
  });
  els.codeInput.addEventListener('input', () => {
    if (!els.codeInput.value) state.keys = '';
  });
  // On a phone the code field keeps the focus for a scanner without opening the on-screen keyboard,
  // until someone taps it to type.
  if (coarse) {
    els.codeInput.setAttribute('inputmode', 'none');
    els.codeInput.addEventListener('pointerdown', () => els.codeInput.setAttribute('inputmode', 'text'));
    els.codeInput.addEventListener('blur', () => els.codeInput.setAttribute('inputmode', 'none'));
  }

  els.searchInput.addEventListener('input', () => {
    renderSearch(els, state.door.search(els.searchInput.value), els.searchInput.value);
  });
  els.searchResults.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-registration-id]');
    if (!button) return;
    unlockSound();
    checkInPerson(Number(button.dataset.registrationId));
    els.searchInput.value = '';
    renderSearch(els, { total: 0, people: [] }, '');
    els.codeInput.focus({ preventScroll: true });
  });

  els.doorName.value = remembered('colloq-door-name');
  els.doorName.addEventListener('change', () => remember('colloq-door-name', doorName()));

  els.syncNow.addEventListener('click', () => {
    if (state.sessionLost) return showLogin();
    state.online = navigator.onLine;
    runSync();
  });
  els.logout.addEventListener('click', signOut);

  window.addEventListener('online', () => {
    state.online = true;
    refreshStatus();
    runSync();
  });
  window.addEventListener('offline', () => setOnline(false));
  document.addEventListener('visibilitychange', () => {
    if (els.doorView.hidden) return;
    if (document.hidden) {
      camera.stop();
    } else {
      camera.resume();
      runSync();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && results.visible) results.hide();
  });
  document.addEventListener('pointerdown', unlockSound, { once: true });
  document.addEventListener('keydown', unlockSound, { once: true });
  document.addEventListener('focusout', () => setTimeout(idleFocus, 0));
}

async function boot() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/door-sw.js', { scope: '/door' }).catch(() => {});
  }
  state.deviceId = deviceId();
  wire();
  try {
    state.store = await openStore();
    state.door = newDoor();
    await state.door.load();
  } catch {
    els.starting.textContent = 'Cet appareil ne permet pas de garder la liste des participants ' +
      '(navigation privée ou stockage plein\u00A0?)\u00A0: ouvrez la page dans une fenêtre normale.';
    els.starting.className = 'alert';
    return;
  }
  els.starting.hidden = true;
  const { meta } = state.door;
  if (meta.title) els.eventTitle.textContent = meta.title;
  setEventOffset(meta.starts_at);
  state.csrf = meta.csrf || null;
  if (!state.csrf) {
    showLogin();
    return;
  }
  showDoor();
  runSync();
}

boot();
