// Writing to registrants (staff page): subject and text with {{prenom}}, {{nom}} and {{lien}},
// who receives it, how many and a preview for one real recipient, then sending; and the
// mailings already sent with their progress. A partner's staff reach their own people only.
import { api, silent } from '/static/staff-api.js';
import { isPartner, state } from '/static/staff-state.js';
import { $, NBSP, cell, el, fieldError, frenchDate, number, plural, setMessage } from '/static/staff-text.js';

const KIND_LABELS = { mailing: 'Message', reminder: 'Rappel automatique', thank_you: 'Remerciement automatique' };
const FIELDS = ['subject', 'body', 'to.status', 'to.partner'];
const INPUT_OF = { subject: 'mailing-subject', body: 'mailing-body', 'to.status': 'mailing-statuses', 'to.partner': 'mailing-partner' };

let checked = null;  // the request the preview was made for: sending repeats exactly it

function request() {
  const statuses = [...document.querySelectorAll('input[name="mailing-status"]:checked')].map((i) => i.value);
  const to = { status: statuses };
  const partner = $('mailing-partner').value;
  if (!isPartner() && partner) to.partner = partner;
  const presence = $('mailing-presence').value;
  if (presence) to.checked_in = presence === 'present';
  return { subject: $('mailing-subject').value, body: $('mailing-body').value, to, attach_badge: $('mailing-badge').checked };
}

function clearFaults() {
  for (const f of FIELDS) {
    const input = $(INPUT_OF[f]);
    if (input.id === 'mailing-statuses') {
      $('mailing-statuses-error').hidden = true;
      $('mailing-statuses-error').textContent = '';
    } else {
      fieldError(input, '');
    }
  }
  setMessage($('mailing-alert'), '');
}

function showFault(err) {
  const fault = err.faults && err.faults[0];
  const id = fault && INPUT_OF[fault.field];
  if (!id) {
    setMessage($('mailing-alert'), err.message);
    return;
  }
  if (id === 'mailing-statuses') {
    $('mailing-statuses-error').textContent = fault.message;
    $('mailing-statuses-error').hidden = false;
    document.querySelector('input[name="mailing-status"]').focus();
  } else {
    fieldError($(id), fault.message);
    $(id).focus();
  }
}

function resetPreview() {
  checked = null;
  $('mailing-preview').hidden = true;
  $('mailing-send-wrap').hidden = true;
}

async function preview(event) {
  event.preventDefault();
  clearFaults();
  resetPreview();
  const body = request();
  try {
    const answer = await api('/api/mailings?dry_run=1', { method: 'POST', body });
    $('mailing-count').textContent = answer.recipients
      ? `Ce message partira à ${plural(answer.recipients, 'personne', 'personnes')}. Voici ce que recevra la première d'entre elles${NBSP}:`
      : 'Aucune inscription ne correspond à ces critères.';
    $('mailing-preview-subject').textContent = answer.preview ? `Objet${NBSP}: ${answer.preview.subject}` : '';
    $('mailing-preview-text').textContent = answer.preview ? answer.preview.text : '';
    $('mailing-preview-text').hidden = !answer.preview;
    $('mailing-preview').hidden = false;
    if (answer.recipients) {
      checked = JSON.stringify(body);
      $('mailing-send').textContent = `Envoyer à ${plural(answer.recipients, 'personne', 'personnes')}`;
      $('mailing-send-wrap').hidden = false;
    }
    $('mailing-preview').focus();
  } catch (err) {
    if (!silent(err)) showFault(err);
  }
}

async function send() {
  const body = request();
  if (JSON.stringify(body) !== checked) {
    resetPreview();
    setMessage($('mailing-alert'), 'Le message ou les destinataires ont changé : prévisualisez de nouveau avant d\'envoyer.');
    return;
  }
  $('mailing-send').disabled = true;
  try {
    const answer = await api('/api/mailings', { method: 'POST', body });
    resetPreview();
    $('mailing-form').reset();
    $('mailing-status').textContent = `Message mis en file d'envoi pour ${plural(answer.recipients, 'personne', 'personnes')}. Les e-mails partent après les confirmations d'inscription, sans les retarder.`;
    loadMailings();
  } catch (err) {
    if (!silent(err)) showFault(err);
  } finally {
    $('mailing-send').disabled = false;
  }
}

export async function loadMailings() {
  if (!state.session) return;
  try {
    const { mailings } = await api('/api/mailings');
    const rows = mailings.map((m) => {
      const tr = el('tr');
      const when = cell('th', 'Date', frenchDate(m.at));
      when.scope = 'row';
      tr.append(when,
        cell('td', 'Envoi', KIND_LABELS[m.kind] || m.kind),
        cell('td', 'Compte', m.staff || 'Automatique'),
        cell('td', 'Objet', m.subject),
        cell('td', 'Destinataires', number(m.recipients), 'num'),
        cell('td', 'Envoyés', number(m.sent), 'num'),
        cell('td', 'En attente', number(m.queued), 'num'),
        cell('td', 'Échecs', number(m.failed), 'num'));
      return tr;
    });
    $('mailing-rows').replaceChildren(...rows);
    $('mailings-empty').hidden = rows.length > 0;
  } catch (err) {
    if (!silent(err)) $('mailing-status').textContent = err.message;
  }
}

export function fillMailingPartners() {
  const select = $('mailing-partner');
  select.replaceChildren(el('option', null, 'Toutes'));
  select.firstChild.value = '';
  for (const [slug, name] of state.partnerNames) {
    const option = el('option', null, name);
    option.value = slug;
    select.append(option);
  }
  const pub = el('option', null, 'Sans association');
  pub.value = 'public';
  select.append(pub);
}

export function resetMailings() {
  resetPreview();
  $('mailing-form').reset();
  $('mailing-rows').replaceChildren();
  $('mailing-status').textContent = '';
  clearFaults();
}

export function wireMailings() {
  $('mailing-form').addEventListener('submit', preview);
  $('mailing-form').addEventListener('input', resetPreview);
  $('mailing-send').addEventListener('click', send);
  $('mailings-refresh').addEventListener('click', loadMailings);
}
