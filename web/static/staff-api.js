// Requests to the colloq API from the staff page, and the session kept for this tab.
// A failed request throws an ApiError carrying the server's French message.
import { state } from '/static/staff-state.js';

export const NETWORK_MESSAGE = 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.';
const SESSION_KEY = 'colloq.staff.session';

export class ApiError extends Error {
  // `data`: the server's JSON answer, when there is one.
  constructor(status, code, message, data = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
    // Every field at fault ({field, message}, in form order): the list the server gives, or
    // the one field of the contract's error shape.
    const listed = data && Array.isArray(data.errors) ? data.errors : [];
    this.faults = listed.length ? listed : data && data.field ? [{ field: data.field, message }] : [];
    this.retryAfter = 0;
  }
}

export function readSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    if (saved && typeof saved.csrf === 'string' && typeof saved.role === 'string') return saved;
  } catch (err) {
    // An unreadable or blocked storage means signing in again.
  }
  return null;
}

export function saveSession(session) {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch (err) {
    // Without storage the session still works until the page is reloaded.
  }
}

let sessionLost = () => {};

// `callback` runs when the server answers 401: it no longer knows this session.
export function onSessionLost(callback) {
  sessionLost = callback;
}

function defaultMessage(status) {
  if (status === 403) return 'Votre compte n\'a pas accès à cette fonction.';
  if (status === 404) return 'Cette inscription n\'existe pas ou n\'est pas visible avec votre compte.';
  if (status >= 500) return 'Le service est momentanément indisponible. Réessayez dans un instant.';
  return `La demande n'a pas abouti (erreur ${status}).`;
}

// `body`: an object sent as JSON, or a File sent as it is (with `contentType`).
export async function api(path, { method = 'GET', body, signal, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? contentType || 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (response.ok) return data || {};
  const error = new ApiError(response.status, (data && data.error) || `http_${response.status}`,
    (data && data.message) || defaultMessage(response.status), data);
  error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
  if (response.status === 401 && path !== '/api/login') sessionLost();
  throw error;
}

// True when the error needs no message of its own: a superseded request, or a
// lost session that already brought the sign-in form back.
export function silent(err) {
  return err.name === 'AbortError' || (err instanceof ApiError && err.status === 401);
}
