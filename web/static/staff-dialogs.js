// The two dialogs of a row: confirming a cancellation, and correcting a registration's
// names, organisation and role. Closing one gives the focus back to where it was.
import { api, silent } from '/static/staff-api.js';
import { DONE, afterChange, announce, focusInRow, loadList, replaceRow, rowOf } from '/static/staff-list.js';
import { partnerName, state, statusLabel } from '/static/staff-state.js';
import { $, NBSP, fieldError, fullName, setMessage } from '/static/staff-text.js';
import { answerInput, changedAnswers, renderAnswerFields } from '/static/staff-answers.js';

const EDIT_FIELDS = ['first_name', 'last_name', 'organisation', 'role'];

function openDialog(dialog, invoker) {
  state.invoker = invoker || null;
  dialog.showModal();
}

export function closeDialogs() {
  for (const id of ['cancel-dialog', 'erase-dialog', 'edit-dialog', 'enrol-dialog']) if ($(id).open) $(id).close();
}

function restoreFocus(id, action) {
  const invoker = state.invoker;
  state.invoker = null;
  if (invoker && invoker.isConnected) return invoker.focus();
  const row = id !== undefined ? rowOf(id) : null;
  if (row) return focusInRow(row, action);
  return undefined;
}

// The dialog's action went through: close it (its target already cleared, so that the
// focus is not given back to the invoker) and show the registration as it now is.
function succeeded(dialogId, updated, action) {
  state.invoker = null;
  $(dialogId).close();
  replaceRow(updated, action, true);
  announce(DONE[action](updated));
  afterChange();
}

// ---- confirming a cancellation ----------------------------------------------------

export function openCancel(r, button) {
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
    succeeded('cancel-dialog', updated, 'cancel');
  } catch (err) {
    button.disabled = false;
    if (silent(err)) return;
    setMessage($('cancel-alert'), err.message);
    if (err.status === 404 || err.status === 409) loadList();
  }
}

// ---- erasing a person's data (asked by e-mail) ---------------------------------------

export function openErase(r, button) {
  state.eraseTarget = r;
  const details = [`${fullName(r)} (${r.email})${NBSP}: ${statusLabel(r).toLowerCase()}.`];
  if (r.status !== 'cancelled') details.push('L\'inscription sera d\'abord annulée, et la place proposée à la liste d\'attente.');
  details.push('Son nom, son adresse e-mail, son organisme, sa fonction et ses réponses seront effacés, ses liens et ses e-mails supprimés. Cette action ne peut pas être défaite.');
  $('erase-text').textContent = details.join(' ');
  setMessage($('erase-alert'), '');
  $('erase-confirm').disabled = false;
  openDialog($('erase-dialog'), button);
  $('erase-keep').focus();
}

async function confirmErase() {
  const r = state.eraseTarget;
  if (!r) return;
  const button = $('erase-confirm');
  button.disabled = true;
  try {
    await api(`/api/registrations/${encodeURIComponent(r.id)}/erase`, { method: 'POST', body: {} });
    state.eraseTarget = null;
    state.invoker = null;
    $('erase-dialog').close();
    announce(`Données de ${fullName(r)} effacées${NBSP}: l'inscription est annulée et ne porte plus de nom.`);
    await loadList();
    afterChange();
  } catch (err) {
    button.disabled = false;
    if (silent(err)) return;
    setMessage($('erase-alert'), err.message);
    if (err.status === 404) loadList();
  }
}

// ---- correcting a registration ------------------------------------------------------

function questions() {
  return (state.event && state.event.questions) || [];
}

function editInput(field) {
  return $(`edit-${field}`);
}

export function openEdit(r, button) {
  state.editTarget = r;
  $('edit-heading').textContent = `Corriger l'inscription de ${fullName(r)}`;
  $('edit-email').textContent = `Adresse e-mail${NBSP}: ${r.email}`;
  setMessage($('edit-alert'), '');
  for (const field of EDIT_FIELDS) {
    editInput(field).value = r[field] || '';
    fieldError(editInput(field), '');
  }
  renderAnswerFields($('edit-answers'), questions(), r.answers || {});
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
  for (const q of questions()) fieldError(answerInput(q.id), '');
  const answers = changedAnswers($('edit-answers'), questions(), r.answers || {});
  if (Object.keys(answers).length) changes.answers = answers;
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
    succeeded('edit-dialog', updated, 'edit');
  } catch (err) {
    if (silent(err)) return;
    const inputOf = (field) => (field.startsWith('answers.') ? answerInput(field.slice(8)) : editInput(field));
    const faults = err.faults.filter((f) => EDIT_FIELDS.includes(f.field) || (f.field.startsWith('answers.') && inputOf(f.field)));
    if (faults.length) {
      for (const f of faults) fieldError(inputOf(f.field), f.message);
      inputOf(faults[0].field).focus();
    } else {
      setMessage($('edit-alert'), err.message);
      if (err.status === 404) loadList();
    }
  } finally {
    button.disabled = false;
  }
}

// However the dialog closes (its button, Escape), the focus goes back to where it was. A
// target still set means the action did not go through.
function onClose(dialogId, targetKey, action) {
  $(dialogId).addEventListener('close', () => {
    const target = state[targetKey];
    state[targetKey] = null;
    restoreFocus(target && target.id, action);
  });
}

export function wireDialogs() {
  $('cancel-confirm').addEventListener('click', confirmCancel);
  $('cancel-keep').addEventListener('click', () => $('cancel-dialog').close());
  onClose('cancel-dialog', 'cancelTarget', 'cancel');
  $('erase-confirm').addEventListener('click', confirmErase);
  $('erase-keep').addEventListener('click', () => $('erase-dialog').close());
  onClose('erase-dialog', 'eraseTarget', 'erase');
  $('edit-form').addEventListener('submit', submitEdit);
  $('edit-close').addEventListener('click', () => $('edit-dialog').close());
  onClose('edit-dialog', 'editTarget', 'edit');
}
