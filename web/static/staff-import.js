// Importing a list of invitees: the file is checked first (a dry run that shows every faulty
// line), and only a file without faults can then be imported, all of it at once.
import { api, silent } from '/static/staff-api.js';
import { afterChange, announce, fillPartnerSelect, loadList } from '/static/staff-list.js';
import { isPartner } from '/static/staff-state.js';
import { $, NBSP, cell, el, fieldError, plural } from '/static/staff-text.js';

// The file last checked, while its check is still what the page shows.
let checked = null;

function query(dryRun) {
  const params = new URLSearchParams();
  if (!isPartner() && $('import-partner').value) params.set('partner', $('import-partner').value);
  if (!$('import-send_email').checked) params.set('send_email', '0');
  if (dryRun) params.set('dry_run', '1');
  return `/api/imports/registrations?${params}`;
}

export function resetImport() {
  $('import-form').reset();
  reset();
}

function reset() {
  checked = null;
  $('import-result').hidden = true;
  $('import-go-wrap').hidden = true;
  $('import-faults-wrap').hidden = true;
  $('import-fault-rows').replaceChildren();
}

export function fillImportPartners() {
  fillPartnerSelect($('import-partner'));
}

function people(n) {
  return plural(n, 'personne', 'personnes');
}

function showResult(summary) {
  $('import-summary').textContent = summary;
  $('import-result').hidden = false;
  $('import-result').focus();
}

function showFaults(err) {
  const rows = $('import-fault-rows');
  rows.replaceChildren();
  for (const fault of err.data.errors || []) {
    const tr = el('tr');
    tr.append(cell('th', 'Ligne', fault.line ? String(fault.line) : '–'), cell('td', 'Colonne', fault.column || '–'),
      cell('td', 'Erreur', fault.message));
    tr.firstChild.scope = 'row';
    rows.append(tr);
  }
  $('import-faults-wrap').hidden = rows.children.length === 0;
  showResult(err.message);
}

function describe(result, dryRun) {
  const file = `Fichier lu en ${result.encoding}, séparateur «${NBSP}${result.separator}${NBSP}».`;
  const already = result.already_registered
    ? ` Déjà inscrites, laissées telles quelles${NBSP}: ${people(result.already_registered)}.`
    : '';
  // Lines left out without fault (an erased registration in an export read back).
  const notices = (result.notices || []).map((n) => ` ${n.message}`).join('');
  if (dryRun) return `Aucune erreur${NBSP}: ${people(result.created)} à inscrire.${already}${notices} ${file}`;
  return `Import terminé${NBSP}: ${people(result.created)} ${result.created > 1 ? 'inscrites' : 'inscrite'}.${already}${notices}`;
}

async function check(event) {
  event.preventDefault();
  const input = $('import-file');
  reset();
  fieldError(input, '');
  const file = input.files && input.files[0];
  if (!file) {
    fieldError(input, 'Choisissez le fichier CSV à importer.');
    input.focus();
    return;
  }
  const button = $('import-check');
  button.disabled = true;
  try {
    const result = await api(query(true), { method: 'POST', body: file, contentType: 'text/csv' });
    checked = file;
    showResult(describe(result, true));
    $('import-go').textContent = result.created ? `Importer ${people(result.created)}` : 'Importer';
    $('import-go-wrap').hidden = result.created === 0;
  } catch (err) {
    failed(err);
  } finally {
    button.disabled = false;
  }
}

function failed(err) {
  if (silent(err)) return;
  if (err.status === 422 && err.data && Array.isArray(err.data.errors)) showFaults(err);
  else showResult(err.message);
}

async function importChecked() {
  if (!checked) return;
  const button = $('import-go');
  button.disabled = true;
  try {
    const result = await api(query(false), { method: 'POST', body: checked, contentType: 'text/csv' });
    reset();
    $('import-form').reset();
    announce(describe(result, false));
    showResult(describe(result, false));
    loadList();
    afterChange();
  } catch (err) {
    failed(err);
  } finally {
    button.disabled = false;
  }
}

export function wireImport() {
  $('import-form').addEventListener('submit', check);
  $('import-go').addEventListener('click', importChecked);
  // Another file, or other options, must be checked again before they are imported.
  for (const id of ['import-file', 'import-partner', 'import-send_email']) $(id).addEventListener('change', reset);
}
