// The registrations list: filters kept in the address, rows shown 200 at a time, export
// links for the same selection, and the actions on a row (approve, decline, resend; cancel
// and correct open a dialog).
import { api, silent } from '/static/staff-api.js';
import { loadAudit, renderAudit } from '/static/staff-audit.js';
import { refreshCounts } from '/static/staff-counts.js';
import { openCancel, openEdit, openErase } from '/static/staff-dialogs.js';
import { isAdmin, isPartner, partnerName, state, statusLabel } from '/static/staff-state.js';
import {
  $, NBSP, cell, el, focusHeading, frenchDate, fullName, hiddenText, number, queryString, setMessage,
} from '/static/staff-text.js';

const SEARCH_DELAY_MS = 300;
const PAGE_SIZE = 200;

export function filters() {
  return {
    q: $('filter-q').value.trim(),
    status: $('filter-status').value,
    partner: isPartner() ? '' : $('filter-partner').value,
  };
}

export function restoreFilters() {
  const params = new URLSearchParams(location.search);
  $('filter-q').value = params.get('q') || '';
  setSelect($('filter-status'), params.get('status') || '');
  setSelect($('filter-partner'), isPartner() ? '' : params.get('partner') || '');
}

function setSelect(select, value) {
  select.value = [...select.options].some((o) => o.value === value) ? value : '';
}

// One option per partner, before the option `before` (or at the end); the choice kept if it still exists.
export function fillPartnerSelect(select, before = null) {
  const keep = select.value;
  for (const option of [...select.options]) if (option.value && option.value !== 'public') option.remove();
  for (const [slug, name] of state.partnerNames) {
    const option = el('option', null, name);
    option.value = slug;
    select.insertBefore(option, before);
  }
  setSelect(select, keep);
}

export function fillPartnerFilter() {
  const select = $('filter-partner');
  fillPartnerSelect(select, select.querySelector('option[value="public"]'));
}

const MAX_SHEET_QUESTIONS = 3;

// The questions whose answers the sign-in sheet lists: only those ticked, three at most.
export function fillSheetQuestions() {
  const questions = (state.event && state.event.questions) || [];
  const boxes = $('sheet-question-boxes');
  boxes.replaceChildren();
  $('sheet-questions').hidden = questions.length === 0;
  for (const q of questions) {
    const line = el('div', 'checkbox');
    const input = el('input');
    input.type = 'checkbox';
    input.id = `sheet-q-${q.id}`;
    input.value = q.id;
    const label = el('label', null, q.label);
    label.htmlFor = input.id;
    line.append(input, label);
    boxes.append(line);
    input.addEventListener('change', () => {
      const ticked = boxes.querySelectorAll('input:checked').length;
      for (const other of boxes.querySelectorAll('input')) other.disabled = !other.checked && ticked >= MAX_SHEET_QUESTIONS;
      updateExports(filters());
    });
  }
}

function updateExports(f) {
  const scope = { partner: f.partner, status: f.status };
  $('export-csv').href = `/api/exports/registrations.csv${queryString(scope)}`;
  $('export-xlsx').href = `/api/exports/registrations.xlsx${queryString(scope)}`;
  const questions = [...$('sheet-question-boxes').querySelectorAll('input:checked')].map((i) => i.value).join(',');
  $('export-pdf').href = `/api/exports/signin-sheet.pdf${queryString({ partner: f.partner, group: 'partner', questions })}`;
}

export function scheduleSearch() {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(loadList, SEARCH_DELAY_MS);
}

export async function loadList() {
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

export function announceList(f) {
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

// Adds the next page of rows; returns the first new row's name cell, to move the focus to.
export function showMore() {
  const start = state.shown;
  const slice = state.rows.slice(start, start + PAGE_SIZE);
  $('reg-rows').append(...slice.map(renderRow));
  state.shown = start + slice.length;
  const remaining = state.rows.length - state.shown;
  $('more-wrap').hidden = remaining <= 0;
  $('more').textContent = `Afficher ${number(Math.min(PAGE_SIZE, remaining))} inscriptions de plus (${number(remaining)} restantes)`;
  return slice.length ? $('reg-rows').querySelector(`tr[data-id="${slice[0].id}"] th`) : null;
}

// The answers to the event's questions, folded under the name; null when there are none.
function answersOf(r) {
  const answers = r.answers || {};
  const questions = (state.event && state.event.questions) || [];
  const ids = [...questions.map((q) => q.id).filter((id) => id in answers),
    ...Object.keys(answers).filter((id) => !questions.some((q) => q.id === id))];
  if (!ids.length) return null;
  const list = el('dl', 'answers');
  for (const id of ids) {
    const question = questions.find((q) => q.id === id);
    const value = answers[id];
    const text = Array.isArray(value) ? value.join(' ; ') : value === true ? 'Oui' : value === false ? 'Non' : String(value);
    list.append(el('dt', null, question ? question.label : id), el('dd', null, text));
  }
  const details = el('details', 'row-answers');
  details.append(el('summary', null, 'Réponses'), list);
  return details;
}

function renderRow(r) {
  const tr = el('tr', `status-${r.status}`);
  tr.dataset.id = r.id;
  // An erased row keeps its status and times, not a name: its header says why it is empty.
  const name = r.erased ? cell('th', 'Nom', el('em', 'erased', 'Données effacées'), 'cell-last')
    : cell('th', 'Nom', r.last_name, 'cell-last');
  name.scope = 'row';
  name.tabIndex = -1;
  tr.appendChild(name);
  tr.appendChild(cell('td', 'Prénom', r.first_name, 'cell-first'));
  tr.appendChild(cell('td', 'Collectivité ou organisme', r.organisation));
  tr.appendChild(cell('td', 'Fonction', r.role));
  const answers = answersOf(r);
  if (answers) name.appendChild(answers);
  tr.appendChild(cell('td', 'Association', partnerName(r.partner)));
  const status = cell('td', 'Statut', el('span', `badge ${r.status}`, statusLabel(r)), 'cell-status');
  if (r.guest) status.append(' ', el('span', 'guest', 'Invité'));
  tr.appendChild(status);
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
  const box = el('div', 'row-actions');
  // Nothing of an erased person is left to act on.
  if (r.erased) return box;
  const who = fullName(r);
  if (r.status === 'pending') {
    box.appendChild(actionButton('approve', 'Valider', ` l'inscription de ${who}`, 'primary'));
    box.appendChild(actionButton('decline', 'Refuser', ` l'inscription de ${who}`));
  }
  if (r.status !== 'cancelled') {
    box.appendChild(actionButton('cancel', 'Annuler', ` l'inscription de ${who}`, 'danger-outline'));
  }
  // A cancelled registration has no badge to re-issue nor link to send again.
  if (r.status !== 'cancelled') {
    box.appendChild(actionButton('resend', 'Renvoyer l\'e-mail', ` à ${who}`));
    box.appendChild(actionButton('edit', 'Corriger', ` l'inscription de ${who}`));
  }
  // Organisers erase for someone who asks by e-mail; an anonymised row has nothing left to erase.
  if (isAdmin() && r.email) box.appendChild(actionButton('erase', 'Effacer les données', ` de ${who}`, 'danger-outline'));
  return box;
}

// Puts the answer of an action in place of the row, keeping the keyboard focus nearby.
export function replaceRow(updated, action, forceFocus = false) {
  state.byId.set(updated.id, updated);
  const index = state.rows.findIndex((r) => r.id === updated.id);
  if (index >= 0) state.rows[index] = updated;
  const old = rowOf(updated.id);
  if (!old) {
    if (forceFocus) focusHeading('list-heading');
    return;
  }
  const hadFocus = forceFocus || old.contains(document.activeElement) || document.activeElement === document.body;
  const row = renderRow(updated);
  old.replaceWith(row);
  if (hadFocus) focusInRow(row, action);
}

export function focusInRow(row, action) {
  const target = row.querySelector(`button[data-action="${action}"]`) || row.querySelector('th');
  if (target) target.focus();
}

export function rowOf(id) {
  return $('reg-rows').querySelector(`tr[data-id="${id}"]`);
}

// What the page says once an action has succeeded, from the registration as it now is.
export const DONE = {
  approve: (r) => (r.status === 'confirmed'
    ? `Inscription de ${fullName(r)} validée${NBSP}: elle est confirmée et le badge est envoyé par e-mail.`
    : `Inscription de ${fullName(r)} validée${NBSP}: faute de place, elle est en liste d'attente${r.waitlist_position ? ` (position ${r.waitlist_position})` : ''}.`),
  decline: (r) => `Inscription de ${fullName(r)} refusée${NBSP}; la personne en est informée par e-mail.`,
  cancel: (r) => `Inscription de ${fullName(r)} annulée.`,
  resend: (r) => `E-mail renvoyé à ${fullName(r)} (${r.email}).`,
  edit: (r) => `Inscription de ${fullName(r)} corrigée.${r.status === 'confirmed' ? ' Un nouveau badge lui est envoyé par e-mail.' : ''}`,
};

export function announce(message) {
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

export async function act(action, id, button) {
  const r = state.byId.get(id);
  if (!r) return;
  if (action === 'cancel') return openCancel(r, button);
  if (action === 'edit') return openEdit(r, button);
  if (action === 'erase') return openErase(r, button);
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

// The counts, and the organisers' audit trail, after a registration changed.
export function afterChange() {
  refreshCounts();
  if (isAdmin()) loadAudit();
}
