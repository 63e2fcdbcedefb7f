// The venue's security list, for organisers: the list as it would be sent, how long is left
// before it freezes by itself, the version sent and what changed since, and its exports.
import { api, silent } from '/static/staff-api.js';
import { isAdmin, state } from '/static/staff-state.js';
import { $, NBSP, cell, el, frenchDate, plural, setMessage } from '/static/staff-text.js';

const SHOWN_ROWS = 500;

function timeLeft(due) {
  const minutes = Math.round((new Date(due).getTime() - Date.now()) / 60000);
  if (minutes <= 0) return 'échéance passée';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `dans ${plural(days, 'jour', 'jours')} et ${plural(hours, 'heure', 'heures')}`;
  if (hours > 0) return `dans ${plural(hours, 'heure', 'heures')} et ${plural(minutes % 60, 'minute', 'minutes')}`;
  return `dans ${plural(minutes, 'minute', 'minutes')}`;
}

function status(list) {
  const people = plural(list.count, 'personne', 'personnes');
  if (list.version === null) {
    return `Destinataire${NBSP}: ${list.recipient}. La liste sera arrêtée et transmise le ${frenchDate(list.due_at)} (${timeLeft(list.due_at)})${NBSP}; elle compte aujourd'hui ${people}.`;
  }
  const by = list.frozen_by ? `par ${list.frozen_by}` : 'automatiquement à l\'échéance';
  return `Destinataire${NBSP}: ${list.recipient}. Version ${list.version} arrêtée le ${frenchDate(list.frozen_at)} ${by}, avec ${plural(list.frozen_count, 'personne', 'personnes')}. Aujourd'hui${NBSP}: ${people}.`;
}

function changesText(changes) {
  const { added, removed, changed } = changes;
  if (!added.length && !removed.length && !changed.length) return 'Aucune modification depuis la version transmise.';
  return `Depuis la version transmise${NBSP}: ${plural(added.length, 'ajout', 'ajouts')}, ${plural(removed.length, 'retrait', 'retraits')}, ${plural(changed.length, 'correction', 'corrections')}. Exportez les modifications pour les envoyer en complément.`;
}

function render(list) {
  $('security-heading').textContent = `Liste d'accès – ${list.recipient}`;
  $('security-status').textContent = status(list);
  const frozen = list.version !== null;
  $('security-changes').hidden = !frozen;
  if (frozen) $('security-changes').textContent = changesText(list.changes);
  $('security-change-links').hidden = !frozen;
  $('security-freeze').textContent = frozen ? 'Arrêter une nouvelle version maintenant' : 'Arrêter la liste maintenant';
  $('security-caption').textContent = frozen ? 'La liste telle qu\'elle est maintenant' : 'La liste telle qu\'elle serait transmise maintenant';
  const head = el('tr');
  for (const c of list.columns) {
    const th = el('th', null, c.title);
    th.scope = 'col';
    head.append(th);
  }
  $('security-head').replaceChildren(head);
  const rows = $('security-rows');
  rows.replaceChildren();
  for (const entry of list.entries.slice(0, SHOWN_ROWS)) {
    const tr = el('tr');
    list.columns.forEach((c, i) => tr.append(cell(i === 0 ? 'th' : 'td', c.title, entry[c.id] || '')));
    if (tr.firstChild) tr.firstChild.scope = 'row';
    rows.append(tr);
  }
}

export async function loadSecurityList() {
  const configured = isAdmin() && state.event && state.event.security_list;
  $('security-section').hidden = !configured;
  if (!configured) return;
  try {
    render(await api('/api/security-list'));
  } catch (err) {
    if (!silent(err)) $('security-status').textContent = err.message;
  }
}

async function freeze() {
  const button = $('security-freeze');
  button.disabled = true;
  try {
    const list = await api('/api/security-list/freeze', { method: 'POST', body: {} });
    render(list);
    setMessage($('action-alert'), '');
    $('action-status').textContent = `Version ${list.version} de la liste d'accès arrêtée${NBSP}: ${plural(list.frozen_count, 'personne', 'personnes')}. Exportez-la pour la transmettre.`;
  } catch (err) {
    if (!silent(err)) $('security-status').textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

export function wireSecurityList() {
  $('security-freeze').addEventListener('click', freeze);
  $('security-refresh').addEventListener('click', loadSecurityList);
}
