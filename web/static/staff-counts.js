// The counts at the top of the staff page: seats by status, by partner, check-ins;
// refreshed every 15 seconds while the page is visible.
import { api, silent } from '/static/staff-api.js';
import { renderCharts } from '/static/staff-charts.js';
import { isPartner, state } from '/static/staff-state.js';
import { $, NBSP, cell, el, frenchTime, number, plural } from '/static/staff-text.js';

const REFRESH_MS = 15000;
const PARTNER_COLUMNS = ['Confirmées', 'Liste d\'attente', 'À valider', 'Annulées', 'Places restantes'];

export function startRefresh() {
  stopRefresh();
  if (!document.hidden) state.refreshTimer = setInterval(refreshCounts, REFRESH_MS);
}

export function stopRefresh() {
  clearInterval(state.refreshTimer);
  state.refreshTimer = 0;
}

export async function refreshCounts() {
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
  renderCharts(stats, Boolean(state.event && new Date(state.event.ends_at) < new Date()));
  $('counts-updated').textContent = `Mis à jour à ${frenchTime(new Date())}, actualisé toutes les 15${NBSP}secondes.`;
}

function partnerRow(name, values, remaining) {
  const tr = el('tr');
  const th = el('th', null, name);
  th.scope = 'row';
  tr.appendChild(th);
  [...values, remaining].forEach((v, i) => tr.appendChild(cell('td', PARTNER_COLUMNS[i], v, 'num')));
  return tr;
}
