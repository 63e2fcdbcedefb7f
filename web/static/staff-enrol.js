// Registering someone from the staff page (a phone call, a speaker, a guest): the dialog, its
// faults under each field, and the outcome announced with the private link when no e-mail goes.
import { api, silent } from '/static/staff-api.js';
import { afterChange, announce, fillPartnerSelect, loadList } from '/static/staff-list.js';
import { isAdmin, isPartner, partnerName, state, statusLabel } from '/static/staff-state.js';
import { $, NBSP, fieldError, fullName, setMessage } from '/static/staff-text.js';
import { answerInput, changedAnswers, renderAnswerFields } from '/static/staff-answers.js';

const FIELDS = ['first_name', 'last_name', 'email', 'organisation', 'role', 'partner'];
const PREFIX = 'enrol-q-';

function input(field) {
  return $(`enrol-${field}`);
}

function questions() {
  return (state.event && state.event.questions) || [];
}

function open(button) {
  state.invoker = button;
  $('enrol-form').reset();
  setMessage($('enrol-alert'), '');
  for (const field of FIELDS) fieldError(input(field), '');
  fillPartnerSelect(input('partner'));
  input('partner').value = '';
  // A partner's staff register for their own association, and only organisers invite guests.
  $('enrol-partner-field').hidden = isPartner();
  $('enrol-guest-field').hidden = !isAdmin();
  renderAnswerFields($('enrol-answers'), questions(), {}, PREFIX);
  $('enrol-dialog').showModal();
  input('first_name').focus();
}

function outcome(r) {
  const who = `${fullName(r)} (${partnerName(r.partner)})`;
  const guest = r.guest ? `, invité de l'organisateur` : '';
  let text = `Inscription de ${who} enregistrée${NBSP}: ${statusLabel(r).toLowerCase()}${guest}.`;
  if (!$('enrol-send_email').checked) text += ` Aucun e-mail n'est parti${NBSP}; son lien privé${NBSP}: ${r.manage_url}`;
  return text;
}

async function submit(event) {
  event.preventDefault();
  const body = {};
  for (const field of FIELDS) {
    fieldError(input(field), '');
    if (field !== 'partner') body[field] = input(field).value;
  }
  if (!isPartner() && input('partner').value) body.partner = input('partner').value;
  for (const q of questions()) fieldError(answerInput(q.id, PREFIX), '');
  const answers = changedAnswers($('enrol-answers'), questions(), {}, PREFIX);
  if (Object.keys(answers).length) body.answers = answers;
  if (isAdmin() && $('enrol-guest').checked) body.guest = true;
  body.send_email = $('enrol-send_email').checked;
  setMessage($('enrol-alert'), '');
  const button = $('enrol-save');
  button.disabled = true;
  try {
    const created = await api('/api/registrations', { method: 'POST', body });
    $('enrol-dialog').close();
    announce(outcome(created));
    loadList();
    afterChange();
  } catch (err) {
    if (silent(err)) return;
    const inputOf = (field) => (field.startsWith('answers.') ? answerInput(field.slice(8), PREFIX)
      : FIELDS.includes(field) ? input(field) : null);
    const faults = err.faults.filter((f) => inputOf(f.field));
    if (faults.length) {
      for (const f of faults) fieldError(inputOf(f.field), f.message);
      inputOf(faults[0].field).focus();
    } else {
      setMessage($('enrol-alert'), err.message);
    }
  } finally {
    button.disabled = false;
  }
}

export function wireEnrol() {
  $('enrol-open').addEventListener('click', (e) => open(e.currentTarget));
  $('enrol-form').addEventListener('submit', submit);
  $('enrol-close').addEventListener('click', () => $('enrol-dialog').close());
  $('enrol-dialog').addEventListener('close', () => {
    const invoker = state.invoker;
    state.invoker = null;
    if (invoker && invoker.isConnected) invoker.focus();
  });
}
