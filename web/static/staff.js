// Staff area (/staff): sign-in and sign-out, the three views (sign-in, the organisers' and
// partners' area, the door account's notice), and the wiring of the page. Everything comes
// from the JSON API; values reach the page through textContent only. The parts:
//   staff-api.js      requests, errors, the session kept for this tab
//   staff-counts.js   seats, by partner, check-ins
//   staff-list.js     filters, the registrations list, exports, the actions on a row
//   staff-dialogs.js  confirming a cancellation, correcting a registration
//   staff-enrol.js    registering someone (a phone call, a speaker, a guest)
//   staff-import.js   importing a CSV list of invitees, checked first
//   staff-charts.js   the counts drawn as charts
//   staff-mailings.js writing to registrants, and the mailings sent
//   staff-security.js the venue's security list (organisers)
//   staff-audit.js    the audit trail (organisers)
import { NETWORK_MESSAGE, api, onSessionLost, readSession, saveSession, silent } from '/static/staff-api.js';
import { loadAudit, moreAudit } from '/static/staff-audit.js';
import { refreshCounts, startRefresh, stopRefresh } from '/static/staff-counts.js';
import { closeDialogs, wireDialogs } from '/static/staff-dialogs.js';
import { wireEnrol } from '/static/staff-enrol.js';
import { fillImportPartners, resetImport, wireImport } from '/static/staff-import.js';
import { fillMailingPartners, loadMailings, resetMailings, wireMailings } from '/static/staff-mailings.js';
import { loadSecurityList, wireSecurityList } from '/static/staff-security.js';
import {
  act, announceList, fillPartnerFilter, fillSheetQuestions, filters, loadList, restoreFilters, scheduleSearch, showMore,
} from '/static/staff-list.js';
import { isAdmin, partnerName, state } from '/static/staff-state.js';
import { $, NBSP, fieldError, focusHeading, frenchTime, setMessage } from '/static/staff-text.js';
import { setEventOffset } from '/static/event-time.js';

// ---- views ------------------------------------------------------------------------

function showView(name) {
  $('starting').hidden = true;
  $('login-view').hidden = name !== 'login';
  $('app-view').hidden = name !== 'app';
  $('door-view').hidden = name !== 'door';
  $('who').hidden = name === 'login';
}

// `kind` is 'info' for a neutral notice (signed out), otherwise the message is an error.
function showLogin(message, kind) {
  stopRefresh();
  showView('login');
  document.title = 'Connexion – espace organisateurs et partenaires';
  setMessage($('login-alert'), message || '');
  $('login-alert').classList.toggle('info', kind === 'info');
}

function clearData() {
  if (state.listAbort) state.listAbort.abort();
  state.rows = [];
  state.byId.clear();
  state.audit = [];
  $('reg-rows').replaceChildren();
  $('audit-rows').replaceChildren();
  $('partner-rows').replaceChildren();
  $('list-status').textContent = '';
  $('action-status').textContent = '';
  setMessage($('action-alert'), '');
  setMessage($('app-alert'), '');
  resetImport();
  resetMailings();
  $('charts').replaceChildren();
  $('security-section').hidden = true;
  $('security-rows').replaceChildren();
}

// Back to the sign-in form, with nothing of the last account left on the page.
function leave(message, kind) {
  state.session = null;
  saveSession(null);
  closeDialogs();
  clearData();
  showLogin(message, kind);
  $('login-email').focus();
}

// The server no longer knows this session (expired, or signed out elsewhere).
function sessionEnded() {
  if (!state.session) return;
  leave('Votre session a expiré ou a été fermée. Reconnectez-vous pour continuer.');
}

function enter(session, { focus = false } = {}) {
  state.session = session;
  const partner = session.partner ? partnerName(session.partner) : '';
  $('who-role').textContent = session.role === 'admin' ? 'Organisateur'
    : session.role === 'partner' ? `Association ${partner}` : 'Accueil';
  $('who-email').textContent = session.email ? `(${session.email})` : '';
  if (session.role === 'door') {
    showView('door');
    document.title = 'Compte d\'accueil – espace organisateurs';
    if (focus) focusHeading('door-heading');
    return;
  }
  const heading = session.role === 'partner' ? `Espace partenaires${NBSP}– ${partner}` : 'Espace organisateurs';
  $('app-heading').textContent = heading;
  document.title = `${heading} – inscriptions`;
  $('filter-partner-field').hidden = session.role === 'partner';
  $('import-partner-field').hidden = session.role === 'partner';
  $('mailing-partner-field').hidden = session.role === 'partner';
  $('audit-section').hidden = session.role !== 'admin';
  restoreFilters();
  showView('app');
  if (focus) focusHeading('app-heading');
  refreshCounts();
  startRefresh();
  loadList();
  if (isAdmin()) loadAudit();
  loadSecurityList();
  loadMailings();
}

// ---- sign-in and sign-out ---------------------------------------------------------

let loginBlockedUntil = 0;

async function submitLogin(event) {
  event.preventDefault();
  const email = $('login-email');
  const password = $('login-password');
  const button = $('login-submit');
  setMessage($('login-alert'), '');
  fieldError(email, email.value.trim() ? '' : 'Indiquez l\'adresse e-mail de votre compte.');
  fieldError(password, password.value ? '' : 'Indiquez votre mot de passe.');
  if (!email.value.trim()) return email.focus();
  if (!password.value) return password.focus();
  if (Date.now() < loginBlockedUntil) {
    setMessage($('login-alert'), `Trop de tentatives de connexion. Vous pourrez réessayer à ${frenchTime(new Date(loginBlockedUntil))}.`);
    return undefined;
  }

  button.disabled = true;
  button.textContent = 'Connexion en cours…';
  try {
    const answer = await api('/api/login', { method: 'POST', body: { email: email.value.trim(), password: password.value } });
    const session = { role: answer.role, partner: answer.partner || null, csrf: answer.csrf_token, email: email.value.trim() };
    saveSession(session);
    password.value = '';
    setMessage($('login-alert'), '');
    enter(session, { focus: true });
  } catch (err) {
    $('login-alert').classList.remove('info');
    let message = err.message || NETWORK_MESSAGE;
    if (err.status === 429 && err.retryAfter > 0) {
      loginBlockedUntil = Date.now() + err.retryAfter * 1000;
      message += ` Vous pourrez réessayer à ${frenchTime(new Date(loginBlockedUntil))}.`;
    }
    setMessage($('login-alert'), message);
    if (err.status === 401) {
      password.value = '';
      password.focus();
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Se connecter';
  }
  return undefined;
}

async function logout() {
  const button = $('logout');
  button.disabled = true;
  try {
    await api('/api/logout', { method: 'POST', body: {} });
  } catch (err) {
    if (!silent(err) && err.status !== 403) {
      setMessage($('app-alert'), `La déconnexion n'a pas abouti${NBSP}: ${err.message}`);
      button.disabled = false;
      return;
    }
  } finally {
    button.disabled = false;
  }
  history.replaceState(null, '', location.pathname);
  leave('Vous êtes déconnecté.', 'info');
}

// ---- start ------------------------------------------------------------------------

async function loadEvent() {
  try {
    const event = await api('/api/event');
    state.event = event;
    setEventOffset(event.starts_at);
    state.partnerNames = new Map((event.partners || []).map((p) => [p.slug, p.name]));
    $('event-title').textContent = event.title || '';
    if (event.organiser) $('footer-organiser').textContent = `Colloque organisé par ${event.organiser}. Espace réservé aux organisateurs et aux associations partenaires.`;
    fillPartnerFilter();
    fillSheetQuestions();
    fillImportPartners();
    fillMailingPartners();
  } catch (err) {
    // The page works without the event's names; partners then show their short names.
  }
}

function wire() {
  onSessionLost(sessionEnded);
  $('login-form').addEventListener('submit', submitLogin);
  $('logout').addEventListener('click', logout);
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); loadList(); });
  $('filter-q').addEventListener('input', scheduleSearch);
  $('filter-status').addEventListener('change', loadList);
  $('filter-partner').addEventListener('change', loadList);
  $('filters-reset').addEventListener('click', () => {
    $('filter-q').value = '';
    $('filter-status').value = '';
    $('filter-partner').value = '';
    loadList();
    $('filter-q').focus();
  });
  $('show-pending').addEventListener('click', () => {
    $('filter-status').value = 'pending';
    loadList();
    $('filter-status').focus();
  });
  $('more').addEventListener('click', () => {
    const first = showMore();
    announceList(filters());
    if (first) first.focus();
  });
  $('reg-rows').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    const row = button.closest('tr');
    act(button.dataset.action, Number(row.dataset.id), button);
  });
  wireDialogs();
  wireEnrol();
  wireImport();
  wireSecurityList();
  wireMailings();
  $('audit-refresh').addEventListener('click', loadAudit);
  $('audit-more').addEventListener('click', moreAudit);
  document.addEventListener('visibilitychange', () => {
    if (!state.session || state.session.role === 'door' || $('app-view').hidden) return;
    if (document.hidden) {
      stopRefresh();
    } else {
      refreshCounts();
      startRefresh();
    }
  });
}

async function start() {
  wire();
  await loadEvent();
  const saved = readSession();
  if (saved) enter(saved);
  else showLogin('');
}

start();
