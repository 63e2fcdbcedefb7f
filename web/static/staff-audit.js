// The audit trail, for organisers: who approved, declined, cancelled, corrected or
// resent what, and when; shown 50 entries at a time.
import { api, silent } from '/static/staff-api.js';
import { isAdmin, state } from '/static/staff-state.js';
import { $, NBSP, cell, el, frenchDate, fullName, number, plural } from '/static/staff-text.js';

const AUDIT_PAGE_SIZE = 50;
const AUDIT_ACTIONS = {
  approve: 'Validation',
  decline: 'Refus',
  cancel: 'Annulation',
  resend: 'Renvoi de l\'e-mail',
  edit: 'Correction',
  register: 'Inscription par l\'équipe',
  register_guest: 'Inscription d\'un invité',
  import: 'Import d\'une liste',
  import_dry_run: 'Vérification d\'une liste (sans import)',
  erase: 'Effacement des données',
  mailing: 'Envoi d\'un message',
  purge: 'Anonymisation après la durée de conservation',
};
const FIELD_LABELS = {
  first_name: 'prénom',
  last_name: 'nom',
  organisation: 'collectivité ou organisme',
  role: 'fonction',
};

export async function loadAudit() {
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

function auditSummary(shown) {
  return `${plural(state.audit.length, 'action enregistrée', 'actions enregistrées')}`
    + `${shown < state.audit.length ? `, ${number(shown)} affichées` : ''}.`;
}

// `reset` shows the first page again; otherwise as many entries stay shown as before.
export function renderAudit(reset) {
  const count = reset ? Math.min(AUDIT_PAGE_SIZE, state.audit.length)
    : Math.max(state.auditShown, Math.min(AUDIT_PAGE_SIZE, state.audit.length));
  state.auditShown = count;
  $('audit-rows').replaceChildren(...state.audit.slice(0, count).map(auditRow));
  $('audit-table').hidden = state.audit.length === 0;
  $('audit-status').textContent = state.audit.length === 0 ? 'Aucune action pour le moment.' : auditSummary(count);
  $('audit-more-wrap').hidden = count >= state.audit.length;
}

export function moreAudit() {
  const first = state.auditShown;
  state.auditShown = Math.min(state.audit.length, first + AUDIT_PAGE_SIZE);
  $('audit-rows').append(...state.audit.slice(first, state.auditShown).map(auditRow));
  $('audit-status').textContent = auditSummary(state.auditShown);
  $('audit-more-wrap').hidden = state.auditShown >= state.audit.length;
  const firstNew = $('audit-rows').children[first];
  if (firstNew) {
    firstNew.firstChild.tabIndex = -1;
    firstNew.firstChild.focus();
  } else {
    $('audit-heading').focus();
  }
}
