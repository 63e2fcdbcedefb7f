// Staff area (/staff): sign-in, counts, the registrations list and its actions,
// exports and, for organisers, the audit trail. Everything comes from the JSON API;
// values reach the page through textContent only.
(function () {
  'use strict';

  const NBSP = '\u00a0';
  const REFRESH_MS = 15000;
  const SEARCH_DELAY_MS = 300;
  const PAGE_SIZE = 200;
  const AUDIT_PAGE_SIZE = 50;
  const SESSION_KEY = 'colloq.staff.session';
  const NETWORK_MESSAGE = 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.';

  const STATUS_LABELS = {
    confirmed: 'Confirmée',
    waitlisted: 'En liste d\'attente',
    pending: 'En attente de validation',
    cancelled: 'Annulée',
  };
  const AUDIT_ACTIONS = {
    approve: 'Validation',
    decline: 'Refus',
    cancel: 'Annulation',
    resend: 'Renvoi de l\'e-mail',
    edit: 'Correction',
  };
  const FIELD_LABELS = {
    first_name: 'prénom',
    last_name: 'nom',
    organisation: 'collectivité ou organisme',
    role: 'fonction',
  };
  const EDIT_FIELDS = ['first_name', 'last_name', 'organisation', 'role'];

  const $ = (id) => document.getElementById(id);

  const state = {
    session: null,            // {role, partner, csrf, email}
    event: null,
    partnerNames: new Map(),  // slug -> name
    rows: [],                 // registrations of the current list, in server order
    shown: 0,
    byId: new Map(),          // every registration seen, for the actions and the audit trail
    listAbort: null,
    searchTimer: 0,
    refreshTimer: 0,
    audit: [],
    auditShown: 0,
    cancelTarget: null,
    editTarget: null,
    invoker: null,
  };

  // ---- small helpers -------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function hiddenText(text) {
    return el('span', 'visually-hidden', text);
  }

  function plural(n, one, many) {
    return `${number(n)}${NBSP}${n === 1 || n === 0 ? one : many}`;
  }

  function number(n) {
    return typeof n === 'number' ? n.toLocaleString('fr-FR') : '–';
  }

  const dateFormat = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });

  function parts(date) {
    const out = {};
    for (const p of dateFormat.formatToParts(date)) out[p.type] = p.value;
    return out;
  }

  // « 10 oct. 2024 à 9 h 05 » in Paris time.
  function frenchDate(iso, withYear = true) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) return iso || '';
    const p = parts(date);
    const day = withYear ? `${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month}`;
    return `${day} à ${Number(p.hour)}${NBSP}h${NBSP}${p.minute}`;
  }

  function frenchTime(date) {
    const p = parts(date);
    return `${Number(p.hour)}${NBSP}h${NBSP}${p.minute}`;
  }

  function fullName(r) {
    return `${r.first_name} ${r.last_name}`.trim();
  }

  function partnerName(slug) {
    if (!slug) return 'Sans association';
    return state.partnerNames.get(slug) || slug;
  }

  function statusLabel(r) {
    if (r.status === 'waitlisted' && r.waitlist_position) {
      return `En liste d'attente (position ${r.waitlist_position})`;
    }
    return STATUS_LABELS[r.status] || r.status;
  }

  function queryString(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
    const text = q.toString();
    return text ? `?${text}` : '';
  }

  function setMessage(node, message) {
    node.replaceChildren();
    if (message) node.appendChild(el('p', null, message));
  }

  function isAdmin() {
    return state.session && state.session.role === 'admin';
  }

  function isPartner() {
    return state.session && state.session.role === 'partner';
  }

  // ---- the session ---------------------------------------------------------

  function readSession() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (saved && typeof saved.csrf === 'string' && typeof saved.role === 'string') return saved;
    } catch (err) {
      // An unreadable or blocked storage means signing in again.
    }
    return null;
  }

  function saveSession(session) {
    try {
      if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      else sessionStorage.removeItem(SESSION_KEY);
    } catch (err) {
      // Without storage the session still works until the page is reloaded.
    }
  }

  class ApiError extends Error {
    constructor(status, code, message, field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field || null;
      this.retryAfter = 0;
    }
  }

  function defaultMessage(status) {
    if (status === 403) return 'Votre compte n\'a pas accès à cette fonction.';
    if (status === 404) return 'Cette inscription n\'existe pas ou n\'est pas visible avec votre compte.';
    if (status >= 500) return 'Le service est momentanément indisponible. Réessayez dans un instant.';
    return `La demande n'a pas abouti (erreur ${status}).`;
  }

  async function api(path, { method = 'GET', body, signal } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrf;
    let response;
    try {
      response = await fetch(path, {
        method, headers, signal, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
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
      (data && data.message) || defaultMessage(response.status), data && data.field);
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    if (response.status === 401 && path !== '/api/login') sessionEnded();
    throw error;
  }

  // True when the error needs no message of its own: a superseded request, or a
  // lost session that already brought the sign-in form back.
  function silent(err) {
    return err.name === 'AbortError' || (err instanceof ApiError && err.status === 401);
  }

  // ---- views ---------------------------------------------------------------

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
  }

  // The server no longer knows this session (expired, or signed out elsewhere).
  function sessionEnded() {
    if (!state.session) return;
    state.session = null;
    saveSession(null);
    closeDialogs();
    clearData();
    showLogin('Votre session a expiré ou a été fermée. Reconnectez-vous pour continuer.');
    $('login-email').focus();
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
    $('audit-section').hidden = session.role !== 'admin';
    restoreFilters();
    showView('app');
    if (focus) focusHeading('app-heading');
    refreshCounts();
    startRefresh();
    loadList();
    if (isAdmin()) loadAudit();
  }

  function focusHeading(id) {
    const heading = $(id);
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }

  // ---- sign-in and sign-out ------------------------------------------------

  function fieldError(input, message) {
    const error = $(`${input.id}-error`);
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter((id) => id && id !== error.id);
    if (message) described.push(error.id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
    error.textContent = message || '';
    error.hidden = !message;
  }

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
    state.session = null;
    saveSession(null);
    closeDialogs();
    clearData();
    history.replaceState(null, '', location.pathname);
    showLogin('Vous êtes déconnecté.', 'info');
    $('login-email').focus();
  }

  // ---- counts --------------------------------------------------------------

  function startRefresh() {
    stopRefresh();
    if (!document.hidden) state.refreshTimer = setInterval(refreshCounts, REFRESH_MS);
  }

  function stopRefresh() {
    clearInterval(state.refreshTimer);
    state.refreshTimer = 0;
  }

  async function refreshCounts() {
    if (!state.session) return;
    try {
      renderCounts(await api('/api/stats'));
    } catch (err) {
      if (silent(err)) return;
      $('counts-updated').textContent = `Chiffres non actualisés${NBSP}: ${err.message}`;
    }
  }

  function renderCounts(stats) {
    const by = stats.by_status || {};
    $('count-confirmed').textContent = number(by.confirmed);
    $('count-waitlisted').textContent = number(by.waitlisted);
    $('count-pending').textContent = number(by.pending);
    $('count-cancelled').textContent = number(by.cancelled);
    $('pending-shortcut').hidden = !(by.pending > 0);

    const own = isPartner() && stats.partners && stats.partners[0];
    if (own) {
      $('count-remaining').textContent = number(own.remaining);
      $('count-remaining-label').textContent = own.quota
        ? `places restantes sur ${number(own.quota)} pour ${own.name}` : `places restantes pour ${own.name}`;
    } else {
      $('count-remaining').textContent = number(stats.remaining);
      $('count-remaining-label').textContent = `places restantes sur ${number(stats.capacity)}`;
    }
    $('count-checked').textContent = number(stats.checked_in);
    $('count-checked-label').textContent = `entrées pointées sur ${plural(by.confirmed || 0, 'confirmée', 'confirmées')}`;

    const rows = [];
    for (const p of stats.partners || []) {
      const remaining = p.quota ? `${number(p.remaining)} sur ${number(p.quota)}` : number(p.remaining);
      rows.push(partnerRow(p.name, [p.confirmed, p.waitlisted, p.pending, p.cancelled].map(number), remaining));
    }
    if (stats.public) {
      const pub = stats.public;
      rows.push(partnerRow('Sans association', [pub.confirmed, pub.waitlisted, '–', pub.cancelled].map((v) =>
        typeof v === 'number' ? number(v) : v), number(stats.remaining)));
    }
    $('partner-rows').replaceChildren(...rows);
    $('counts-updated').textContent = `Mis à jour à ${frenchTime(new Date())}, actualisé toutes les 15${NBSP}secondes.`;
  }

  const PARTNER_COLUMNS = ['Confirmées', 'Liste d\'attente', 'À valider', 'Annulées', 'Places restantes'];

  function partnerRow(name, values, remaining) {
    const tr = el('tr');
    const th = el('th', null, name);
    th.scope = 'row';
    tr.appendChild(th);
    [...values, remaining].forEach((v, i) => tr.appendChild(cell('td', PARTNER_COLUMNS[i], v, 'num')));
    return tr;
  }

  // ---- filters, list and exports --------------------------------------------

  function filters() {
    return {
      q: $('filter-q').value.trim(),
      status: $('filter-status').value,
      partner: isPartner() ? '' : $('filter-partner').value,
    };
  }

  function restoreFilters() {
    const params = new URLSearchParams(location.search);
    $('filter-q').value = params.get('q') || '';
    setSelect($('filter-status'), params.get('status') || '');
    setSelect($('filter-partner'), isPartner() ? '' : params.get('partner') || '');
  }

  function setSelect(select, value) {
    select.value = [...select.options].some((o) => o.value === value) ? value : '';
  }

  function fillPartnerFilter() {
    const select = $('filter-partner');
    const keep = select.value;
    for (const option of [...select.options]) if (option.value && option.value !== 'public') option.remove();
    const publicOption = select.querySelector('option[value="public"]');
    for (const [slug, name] of state.partnerNames) {
      const option = el('option', null, name);
      option.value = slug;
      select.insertBefore(option, publicOption);
    }
    setSelect(select, keep);
  }

  function updateExports(f) {
    const scope = { partner: f.partner, status: f.status };
    $('export-csv').href = `/api/exports/registrations.csv${queryString(scope)}`;
    $('export-xlsx').href = `/api/exports/registrations.xlsx${queryString(scope)}`;
    $('export-pdf').href = `/api/exports/signin-sheet.pdf${queryString({ partner: f.partner, group: 'partner' })}`;
  }

  function scheduleSearch() {
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(loadList, SEARCH_DELAY_MS);
  }

  async function loadList() {
    clearTimeout(state.searchTimer);
    if (!state.session) return;
    const f = filters();
    updateExports(f);
    history.replaceState(null, '', location.pathname + queryString(f));
    if (state.listAbort) state.listAbort.abort();
    const controller = new AbortController();
    state.listAbort = controller;
    $('reg-table').setAttribute('aria-busy', 'true');
    try {
      const data = await api(`/api/registrations${queryString(f)}`, { signal: controller.signal });
      state.rows = data.registrations || [];
      for (const r of state.rows) state.byId.set(r.id, r);
      state.shown = 0;
      $('reg-rows').replaceChildren();
      showMore();
      announceList(f);
      if (isAdmin() && state.audit.length) renderAudit(false);
    } catch (err) {
      if (silent(err)) return;
      $('list-status').textContent = `La liste n'a pas pu être chargée${NBSP}: ${err.message}`;
    } finally {
      if (state.listAbort === controller) {
        state.listAbort = null;
        $('reg-table').removeAttribute('aria-busy');
      }
    }
  }

  function announceList(f) {
    const total = state.rows.length;
    let text;
    if (total === 0) {
      if (f.q) text = `Aucune inscription pour «${NBSP}${f.q}${NBSP}»${f.status || f.partner ? ' avec ces filtres' : ''}.`;
      else if (f.status || f.partner) text = 'Aucune inscription ne correspond à ces filtres.';
      else text = 'Aucune inscription pour le moment.';
    } else {
      text = total === 1 ? '1 inscription' : `${number(total)}${NBSP}inscriptions`;
      if (f.q) text += ` pour «${NBSP}${f.q}${NBSP}»`;
      text += state.shown < total ? `, ${number(state.shown)} affichées.` : '.';
    }
    $('list-status').textContent = text;
    $('reg-table').hidden = total === 0;
  }

  function showMore() {
    const start = state.shown;
    const slice = state.rows.slice(start, start + PAGE_SIZE);
    $('reg-rows').append(...slice.map(renderRow));
    state.shown = start + slice.length;
    const remaining = state.rows.length - state.shown;
    $('more-wrap').hidden = remaining <= 0;
    $('more').textContent = `Afficher ${number(Math.min(PAGE_SIZE, remaining))} inscriptions de plus (${number(remaining)} restantes)`;
    return slice.length ? $('reg-rows').querySelector(`tr[data-id="${slice[0].id}"] th`) : null;
  }

  function cell(tag, label, content, className) {
    const node = el(tag, className);
    node.dataset.label = label;
    if (content instanceof Node) node.appendChild(content);
    else node.textContent = content || '';
    return node;
  }

  function renderRow(r) {
    const tr = el('tr', `status-${r.status}`);
    tr.dataset.id = r.id;
    const name = cell('th', 'Nom', r.last_name, 'cell-last');
    name.scope = 'row';
    name.tabIndex = -1;
    tr.appendChild(name);
    tr.appendChild(cell('td', 'Prénom', r.first_name, 'cell-first'));
    tr.appendChild(cell('td', 'Collectivité ou organisme', r.organisation));
    tr.appendChild(cell('td', 'Fonction', r.role));
    tr.appendChild(cell('td', 'Association', partnerName(r.partner)));
    tr.appendChild(cell('td', 'Statut', el('span', `badge ${r.status}`, statusLabel(r)), 'cell-status'));
    const created = el('time', null, frenchDate(r.created_at));
    created.dateTime = r.created_at || '';
    tr.appendChild(cell('td', 'Inscrit le', created));
    if (r.checked_in_at) {
      const checked = el('time', null, frenchDate(r.checked_in_at, false));
      checked.dateTime = r.checked_in_at;
      tr.appendChild(cell('td', 'Entrée', checked, 'cell-checked'));
    } else {
      tr.appendChild(cell('td', 'Entrée', 'Pas encore', 'cell-checked none'));
    }
    tr.appendChild(cell('td', 'Actions', actionsOf(r), 'cell-actions'));
    return tr;
  }

  function actionButton(action, visible, hidden, className) {
    const button = el('button', `button small ${className || 'secondary'}`);
    button.type = 'button';
    button.dataset.action = action;
    button.append(visible, hiddenText(hidden));
    return button;
  }

  function actionsOf(r) {
    const who = fullName(r);
    const box = el('div', 'row-actions');
    if (r.status === 'pending') {
      box.appendChild(actionButton('approve', 'Valider', ` l'inscription de ${who}`, 'primary'));
      box.appendChild(actionButton('decline', 'Refuser', ` l'inscription de ${who}`));
    }
    if (r.status !== 'cancelled') {
      box.appendChild(actionButton('cancel', 'Annuler', ` l'inscription de ${who}`, 'danger-outline'));
    }
    box.appendChild(actionButton('resend', 'Renvoyer l\'e-mail', ` à ${who}`));
    box.appendChild(actionButton('edit', 'Corriger', ` l'inscription de ${who}`));
    return box;
  }

  // Puts the answer of an action in place of the row, keeping the keyboard focus nearby.
  function replaceRow(updated, action, forceFocus = false) {
    state.byId.set(updated.id, updated);
    const index = state.rows.findIndex((r) => r.id === updated.id);
    if (index >= 0) state.rows[index] = updated;
    const old = $('reg-rows').querySelector(`tr[data-id="${updated.id}"]`);
    if (!old) {
      if (forceFocus) focusHeading('list-heading');
      return;
    }
    const hadFocus = forceFocus || old.contains(document.activeElement) || document.activeElement === document.body;
    const row = renderRow(updated);
    old.replaceWith(row);
    if (hadFocus) focusInRow(row, action);
  }

  function focusInRow(row, action) {
    const target = row.querySelector(`button[data-action="${action}"]`) || row.querySelector('th');
    if (target) target.focus();
  }

  function rowOf(id) {
    return $('reg-rows').querySelector(`tr[data-id="${id}"]`);
  }

  const DONE = {
    approve: (r) => (r.status === 'confirmed'
      ? `Inscription de ${fullName(r)} validée${NBSP}: elle est confirmée et le badge est envoyé par e-mail.`
      : `Inscription de ${fullName(r)} validée${NBSP}: faute de place, elle est en liste d'attente${r.waitlist_position ? ` (position ${r.waitlist_position})` : ''}.`),
    decline: (r) => `Inscription de ${fullName(r)} refusée${NBSP}; la personne en est informée par e-mail.`,
    cancel: (r) => `Inscription de ${fullName(r)} annulée.`,
    resend: (r) => `E-mail renvoyé à ${fullName(r)} (${r.email}).`,
    edit: (r) => `Inscription de ${fullName(r)} corrigée.${r.status === 'confirmed' ? ' Un nouveau badge lui est envoyé par e-mail.' : ''}`,
  };

  function announce(message) {
    setMessage($('action-alert'), '');
    $('action-status').textContent = message;
  }

  function actionFailed(err, id, action) {
    if (silent(err)) return;
    $('action-status').textContent = '';
    setMessage($('action-alert'), err.message);
    if (err.status === 409 || err.status === 404) {
      // The registration changed or went away meanwhile: show the list as it is now.
      loadList().then(() => {
        const row = rowOf(id);
        if (row) focusInRow(row, action);
      });
    }
  }

  async function act(action, id, button) {
    const r = state.byId.get(id);
    if (!r) return;
    if (action === 'cancel') return openCancel(r, button);
    if (action === 'edit') return openEdit(r, button);
    button.disabled = true;
    button.setAttribute('aria-disabled', 'true');
    try {
      const updated = await api(`/api/registrations/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: {} });
      replaceRow(updated, action);
      announce(DONE[action](updated));
      afterChange();
    } catch (err) {
      button.disabled = false;
      button.removeAttribute('aria-disabled');
      if (!silent(err)) button.focus();
      actionFailed(err, id, action);
    }
  }

  function afterChange() {
    refreshCounts();
    if (isAdmin()) loadAudit();
  }

  // ---- confirming a cancellation ----------------------------------------------

  function openDialog(dialog, invoker) {
    state.invoker = invoker || null;
    dialog.showModal();
  }

  function closeDialogs() {
    for (const id of ['cancel-dialog', 'edit-dialog']) if ($(id).open) $(id).close();
  }

  function restoreFocus(id, action) {
    const invoker = state.invoker;
    state.invoker = null;
    if (invoker && invoker.isConnected) return invoker.focus();
    const row = id !== undefined ? rowOf(id) : null;
    if (row) return focusInRow(row, action);
    return undefined;
  }

  function openCancel(r, button) {
    state.cancelTarget = r;
    const details = [`${fullName(r)} (${r.organisation}), ${partnerName(r.partner)}${NBSP}: ${statusLabel(r).toLowerCase()}.`];
    if (r.status === 'confirmed') details.push('Sa place sera proposée à la première personne de la liste d\'attente.');
    details.push('Son badge ne sera plus valable.');
    $('cancel-text').textContent = details.join(' ');
    setMessage($('cancel-alert'), '');
    $('cancel-confirm').disabled = false;
    openDialog($('cancel-dialog'), button);
    $('cancel-keep').focus();
  }

  async function confirmCancel() {
    const r = state.cancelTarget;
    if (!r) return;
    const button = $('cancel-confirm');
    button.disabled = true;
    try {
      const updated = await api(`/api/registrations/${encodeURIComponent(r.id)}/cancel`, { method: 'POST', body: {} });
      state.cancelTarget = null;
      state.invoker = null;
      $('cancel-dialog').close();
      replaceRow(updated, 'cancel', true);
      announce(DONE.cancel(updated));
      afterChange();
    } catch (err) {
      button.disabled = false;
      if (silent(err)) return;
      setMessage($('cancel-alert'), err.message);
      if (err.status === 404 || err.status === 409) loadList();
    }
  }

  // ---- correcting a registration ------------------------------------------------

  function editInput(field) {
    return $(`edit-${field}`);
  }

  function openEdit(r, button) {
    state.editTarget = r;
    $('edit-heading').textContent = `Corriger l'inscription de ${fullName(r)}`;
    $('edit-email').textContent = `Adresse e-mail${NBSP}: ${r.email}`;
    setMessage($('edit-alert'), '');
    for (const field of EDIT_FIELDS) {
      editInput(field).value = r[field] || '';
      fieldError(editInput(field), '');
    }
    $('edit-save').disabled = false;
    openDialog($('edit-dialog'), button);
    editInput('last_name').focus();
  }

  async function submitEdit(event) {
    event.preventDefault();
    const r = state.editTarget;
    if (!r) return;
    const changes = {};
    for (const field of EDIT_FIELDS) {
      fieldError(editInput(field), '');
      if (editInput(field).value !== (r[field] || '')) changes[field] = editInput(field).value;
    }
    setMessage($('edit-alert'), '');
    if (!Object.keys(changes).length) {
      $('edit-dialog').close();
      announce(`Aucune modification pour ${fullName(r)}.`);
      return;
    }
    const button = $('edit-save');
    button.disabled = true;
    try {
      const updated = await api(`/api/registrations/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: changes });
      state.editTarget = null;
      state.invoker = null;
      $('edit-dialog').close();
      replaceRow(updated, 'edit', true);
      announce(DONE.edit(updated));
      afterChange();
    } catch (err) {
      if (silent(err)) return;
      if (err.field && EDIT_FIELDS.includes(err.field)) {
        fieldError(editInput(err.field), err.message);
        editInput(err.field).focus();
      } else {
        setMessage($('edit-alert'), err.message);
        if (err.status === 404) loadList();
      }
    } finally {
      button.disabled = false;
    }
  }

  // ---- audit trail (organisers) ----------------------------------------------

  async function loadAudit() {
    if (!isAdmin()) return;
    try {
      const data = await api('/api/audit');
      state.audit = data.entries || [];
      renderAudit(true);
    } catch (err) {
      if (silent(err)) return;
      $('audit-status').textContent = `L'historique n'a pas pu être chargé${NBSP}: ${err.message}`;
    }
  }

  function auditDetail(entry) {
    if (!entry.detail) return '';
    if (entry.action === 'edit') {
      const fields = entry.detail.split(/\s*,\s*/).map((f) => FIELD_LABELS[f] || f);
      return `Champs corrigés${NBSP}: ${fields.join(', ')}`;
    }
    return entry.detail;
  }

  function auditRow(entry) {
    const tr = el('tr');
    const at = el('time', null, frenchDate(entry.at));
    at.dateTime = entry.at || '';
    tr.appendChild(cell('td', 'Date', at));
    tr.appendChild(cell('td', 'Compte', entry.staff));
    tr.appendChild(cell('td', 'Action', AUDIT_ACTIONS[entry.action] || entry.action));
    let target = '';
    if (entry.registration_id !== null && entry.registration_id !== undefined) {
      const r = state.byId.get(entry.registration_id);
      target = r ? `${fullName(r)} (n°${NBSP}${entry.registration_id})` : `n°${NBSP}${entry.registration_id}`;
    }
    tr.appendChild(cell('td', 'Inscription', target));
    tr.appendChild(cell('td', 'Détail', auditDetail(entry)));
    return tr;
  }

  function renderAudit(reset) {
    const count = reset ? Math.min(AUDIT_PAGE_SIZE, state.audit.length)
      : Math.max(state.auditShown, Math.min(AUDIT_PAGE_SIZE, state.audit.length));
    state.auditShown = count;
    $('audit-rows').replaceChildren(...state.audit.slice(0, count).map(auditRow));
    $('audit-table').hidden = state.audit.length === 0;
    $('audit-status').textContent = state.audit.length === 0 ? 'Aucune action pour le moment.'
      : `${plural(state.audit.length, 'action enregistrée', 'actions enregistrées')}${count < state.audit.length ? `, ${number(count)} affichées` : ''}.`;
    $('audit-more-wrap').hidden = count >= state.audit.length;
  }

  function moreAudit() {
    const first = state.auditShown;
    state.auditShown = Math.min(state.audit.length, first + AUDIT_PAGE_SIZE);
    $('audit-rows').append(...state.audit.slice(first, state.auditShown).map(auditRow));
    $('audit-status').textContent = `${plural(state.audit.length, 'action enregistrée', 'actions enregistrées')}${state.auditShown < state.audit.length ? `, ${number(state.auditShown)} affichées` : ''}.`;
    $('audit-more-wrap').hidden = state.auditShown >= state.audit.length;
    const firstNew = $('audit-rows').children[first];
    if (firstNew) {
      firstNew.firstChild.tabIndex = -1;
      firstNew.firstChild.focus();
    } else {
      $('audit-heading').focus();
    }
  }

  // ---- start ------------------------------------------------------------------

  async function loadEvent() {
    try {
      const event = await api('/api/event');
      state.event = event;
      state.partnerNames = new Map((event.partners || []).map((p) => [p.slug, p.name]));
      $('event-title').textContent = event.title || '';
      if (event.organiser) $('footer-organiser').textContent = `Colloque organisé par ${event.organiser}. Espace réservé aux organisateurs et aux associations partenaires.`;
      fillPartnerFilter();
    } catch (err) {
      // The page works without the event's names; partners then show their short names.
    }
  }

  function wire() {
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
    $('cancel-confirm').addEventListener('click', confirmCancel);
    $('cancel-keep').addEventListener('click', () => $('cancel-dialog').close());
    $('cancel-dialog').addEventListener('close', () => {
      const target = state.cancelTarget;
      state.cancelTarget = null;
      restoreFocus(target && target.id, 'cancel');
    });
    $('edit-form').addEventListener('submit', submitEdit);
    $('edit-close').addEventListener('click', () => $('edit-dialog').close());
    $('edit-dialog').addEventListener('close', () => {
      const target = state.editTarget;
      state.editTarget = null;
      restoreFocus(target && target.id, 'edit');
    });
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
}());
