// Requests to the colloq API from the door page. Every failure becomes an
// ApiError whose `kind` tells what to do next:
//   network  the server could not be reached (offline, timeout): work locally
//   auth     401: the session is over, sign in again
//   forbidden 403: this account may not use the door, or the CSRF token is stale
//   other    any other answer (with the server's French message)

export class ApiError extends Error {
  constructor(kind, message, status = 0, code = '') {
    super(message);
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, { body, csrf, timeout = 8000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    clearTimeout(timer);
    throw new ApiError('network', 'Le serveur ne répond pas.');
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  } finally {
    clearTimeout(timer);
  }
  if (controller.signal.aborted) throw new ApiError('network', 'Le serveur ne répond pas.');
  if (response.ok) return data ?? {};
  const message = (data && data.message) || `Le serveur a répondu ${response.status}.`;
  const code = (data && data.error) || '';
  if (response.status === 401) throw new ApiError('auth', message, 401, code);
  if (response.status === 403) throw new ApiError('forbidden', message, 403, code);
  // A proxy or a server restarting: as good as offline for a door that must keep the line moving.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new ApiError('network', message, response.status, code);
  }
  throw new ApiError('other', message, response.status, code);
}
