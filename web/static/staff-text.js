// Helpers of the staff area: page nodes built with textContent only (values never reach
// the page as HTML), and numbers and dates as French readers write them, in the event's offset.
import { inEventTime } from '/static/event-time.js';

export const NBSP = '\u00a0';

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function hiddenText(text) {
  return el('span', 'visually-hidden', text);
}

// A table cell; `label` names the column when the table is shown as cards on a phone.
export function cell(tag, label, content, className) {
  const node = el(tag, className);
  node.dataset.label = label;
  if (content instanceof Node) node.appendChild(content);
  else node.textContent = content || '';
  return node;
}

export function setMessage(node, message) {
  node.replaceChildren();
  if (message) node.appendChild(el('p', null, message));
}

export function focusHeading(id) {
  const heading = $(id);
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

// Shows or clears the error under a form field, and ties it to the field for screen readers.
export function fieldError(input, message) {
  const error = $(`${input.id}-error`);
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter((id) => id && id !== error.id);
  if (message) described.push(error.id);
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  else input.removeAttribute('aria-describedby');
  error.textContent = message || '';
  error.hidden = !message;
}

export function number(n) {
  return typeof n === 'number' ? n.toLocaleString('fr-FR') : '–';
}

export function plural(n, one, many) {
  return `${number(n)}${NBSP}${n === 1 || n === 0 ? one : many}`;
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function parts(date) {
  const out = {};
  for (const p of dateFormat.formatToParts(inEventTime(date))) out[p.type] = p.value;
  return out;
}

// « 10 oct. 2024 à 9 h 05 » in the event's offset.
export function frenchDate(iso, withYear = true) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso || '';
  const p = parts(date);
  const day = withYear ? `${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month}`;
  return `${day} à ${Number(p.hour)}${NBSP}h${NBSP}${p.minute}`;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'short' });

// A calendar day given as "2024-10-10": « 10 oct. 2024 », or « 10 oct. ».
export function frenchDay(ymd, withYear = true) {
  const date = new Date(`${ymd}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return ymd || '';
  return (withYear ? dayFormat : shortDayFormat).format(date);
}

export function frenchTime(date) {
  const p = parts(date);
  return `${Number(p.hour)}${NBSP}h${NBSP}${p.minute}`;
}

export function fullName(r) {
  return `${r.first_name} ${r.last_name}`.trim();
}

export function queryString(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}
