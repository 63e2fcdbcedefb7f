// The numbers drawn (staff page): registrations per day, cumulated, against the capacity and
// each quota; statuses by partner; after the event, who came and who did not. Each chart is
// an SVG built here, with the same figures in a table beside it for screen readers.
import { partnerName } from '/static/staff-state.js';
import { $, cell, el, frenchDay, number } from '/static/staff-text.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const LINE_COLOURS = ['#000091', '#b34000', '#18753c', '#6a6af4', '#a94645', '#695240'];
const STATUS_PARTS = [
  ['confirmed', 'Confirmées', '#18753c'],
  ['waitlisted', 'Liste d\'attente', '#b34000'],
  ['pending', 'À valider', '#6a6af4'],
  ['cancelled', 'Annulées', '#666666'],
];
const ATTENDANCE_PARTS = [['checked_in', 'Présents', '#18753c'], ['no_show', 'Absents', '#ce0500']];

function svgNode(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function chart(height, label) {
  return svgNode('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
}

function dataTable(caption, columns, rows) {
  const table = el('table', 'chart-data');
  table.append(el('caption', null, caption));
  const head = el('tr');
  for (const c of columns) {
    const th = el('th', null, c);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'));
  table.tHead.append(head);
  const body = el('tbody');
  for (const values of rows) {
    const tr = el('tr');
    values.forEach((v, i) => {
      const c = cell(i === 0 ? 'th' : 'td', columns[i], v, i === 0 ? null : 'num');
      if (i === 0) c.scope = 'row';
      tr.append(c);
    });
    body.append(tr);
  }
  table.append(body);
  const details = el('details', 'chart-details');
  details.append(el('summary', null, 'Voir les chiffres en tableau'), table);
  return details;
}

function legend(items) {
  const list = el('ul', 'chart-legend');
  for (const [label, colour, dashed] of items) {
    const li = el('li');
    const key = el('span', dashed ? 'chart-key dashed' : 'chart-key');
    key.style.borderColor = colour;
    key.setAttribute('aria-hidden', 'true');
    li.append(key, document.createTextNode(label));
    list.append(li);
  }
  return list;
}

// Every day from the first registration to the last day counted, each with its figures.
function days(timeline) {
  if (!timeline.length) return [];
  const out = [];
  const byDate = new Map(timeline.map((d) => [d.date, d]));
  const last = new Date(`${timeline[timeline.length - 1].date}T12:00:00Z`);
  for (let d = new Date(`${timeline[0].date}T12:00:00Z`); d <= last; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    out.push(byDate.get(date) || { date, registered: 0, cancelled: 0, by_partner: {} });
  }
  return out;
}

// The running total, from zero the day before the first registration, so that even one day
// draws a line.
function cumulative(series, pick) {
  let total = 0;
  return [0, ...series.map((d) => {
    const counts = pick(d);
    total += (counts ? counts.registered - counts.cancelled : 0);
    return total;
  })];
}

function timelineFigure(stats) {
  const series = days(stats.timeline || []);
  const figure = el('figure', 'chart-figure');
  figure.append(el('figcaption', null, 'Inscriptions cumulées par jour (moins les annulations), face à la capacité et aux quotas'));
  if (!series.length) {
    figure.append(el('p', 'hint', 'Aucune inscription pour le moment.'));
    return figure;
  }
  // A partner's staff see their own association only: its line and its quota.
  const own = !stats.public && stats.partners && stats.partners.length === 1 ? stats.partners[0] : null;
  const lines = own
    ? [{ label: own.name, values: cumulative(series, (d) => d), limit: own.quota, limitLabel: 'Quota' }]
    : [{ label: 'Toutes les inscriptions', values: cumulative(series, (d) => d), limit: stats.capacity, limitLabel: 'Capacité' },
      ...(stats.partners || []).map((p) => ({
        label: p.name, values: cumulative(series, (d) => d.by_partner[p.slug]), limit: p.quota, limitLabel: `Quota ${p.name}`,
      }))];
  const height = 240;
  const left = 48;
  const right = WIDTH - 16;
  const top = 12;
  const bottom = height - 28;
  const max = Math.max(1, ...lines.flatMap((l) => [...l.values, l.limit || 0]));
  const x = (i) => left + (i * (right - left)) / series.length;  // point 0: the day before the first
  const y = (v) => bottom - (v / max) * (bottom - top);
  const svg = chart(height, `Inscriptions cumulées du ${frenchDay(series[0].date, true)} au ${frenchDay(series[series.length - 1].date, true)} : ${number(lines[0].values[lines[0].values.length - 1])}${lines[0].limit ? ` (${lines[0].limitLabel.toLowerCase()} : ${number(lines[0].limit)})` : ''}`);
  svg.append(svgNode('line', { x1: left, y1: bottom, x2: right, y2: bottom, stroke: '#3a3a3a' }));
  svg.append(svgNode('line', { x1: left, y1: top, x2: left, y2: bottom, stroke: '#3a3a3a' }));
  svg.append(svgNode('text', { x: left - 6, y: bottom, 'text-anchor': 'end', class: 'chart-text' }, '0'));
  svg.append(svgNode('text', { x: left - 6, y: top + 10, 'text-anchor': 'end', class: 'chart-text' }, number(max)));
  const dayBefore = new Date(`${series[0].date}T12:00:00Z`);
  dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
  svg.append(svgNode('text', { x: left, y: height - 8, class: 'chart-text' }, frenchDay(dayBefore.toISOString().slice(0, 10), false)));
  svg.append(svgNode('text', { x: right, y: height - 8, 'text-anchor': 'end', class: 'chart-text' }, frenchDay(series[series.length - 1].date, false)));
  const keys = [];
  lines.forEach((line, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length];
    keys.push([line.label, colour, false]);
    if (line.limit) {
      svg.append(svgNode('line', { x1: left, y1: y(line.limit), x2: right, y2: y(line.limit), stroke: colour, 'stroke-dasharray': '6 4' }));
      keys.push([`${line.limitLabel} (${number(line.limit)})`, colour, true]);
    }
    svg.append(svgNode('polyline', { points: line.values.map((v, j) => `${x(j)},${y(v)}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': i === 0 ? 3 : 2 }));
    if (series.length <= 31) line.values.slice(1).forEach((v, j) => svg.append(svgNode('circle', { cx: x(j + 1), cy: y(v), r: 3.5, fill: colour })));
  });
  const total = lines[0].values.slice(1);
  figure.append(svg, legend(keys), dataTable('Inscriptions par jour', ['Jour', 'Inscriptions', 'Annulations', 'Cumul'],
    series.map((d, i) => [frenchDay(d.date, true), number(d.registered), number(d.cancelled), number(total[i])])));
  return figure;
}

// Horizontal bars, one per row, each cut into its parts.
function barsFigure(caption, rows, parts) {
  const figure = el('figure', 'chart-figure');
  figure.append(el('figcaption', null, caption));
  const rowHeight = 30;
  const left = 150;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => parts.reduce((sum, [key]) => sum + (r.counts[key] || 0), 0)));
  const svg = chart(height, `${caption} : ${rows.map((r) => `${r.name}, ${parts.map(([key, label]) => `${label.toLowerCase()} ${number(r.counts[key] || 0)}`).join(', ')}`).join(' ; ')}`);
  rows.forEach((r, i) => {
    const top = 4 + i * rowHeight;
    svg.append(svgNode('text', { x: left - 8, y: top + 17, 'text-anchor': 'end', class: 'chart-text' }, r.name));
    let at = left;
    for (const [key, , colour] of parts) {
      const w = ((r.counts[key] || 0) / max) * (WIDTH - left - 60);
      if (w > 0) svg.append(svgNode('rect', { x: at, y: top, width: w, height: rowHeight - 8, fill: colour }));
      at += w;
    }
    const total = parts.reduce((sum, [key]) => sum + (r.counts[key] || 0), 0);
    svg.append(svgNode('text', { x: at + 6, y: top + 17, class: 'chart-text' }, number(total)));
  });
  figure.append(svg, legend(parts.map(([, label, colour]) => [label, colour, false])),
    dataTable(caption, ['Association', ...parts.map(([, label]) => label)],
      rows.map((r) => [r.name, ...parts.map(([key]) => number(r.counts[key] || 0))])));
  return figure;
}

export function renderCharts(stats, eventEnded) {
  const figures = [timelineFigure(stats)];
  const statusRows = (stats.partners || []).map((p) => ({ name: p.name, counts: p }));
  if (stats.public) statusRows.push({ name: 'Sans association', counts: stats.public });
  if (statusRows.length) figures.push(barsFigure('Statuts par association', statusRows, STATUS_PARTS));
  const attendance = stats.attendance;
  if (attendance && (eventEnded || attendance.checked_in > 0)) {
    const rows = attendance.by_partner.map((p) => ({ name: p.partner === 'public' ? 'Sans association' : partnerName(p.partner), counts: p }));
    if (rows.length) figures.push(barsFigure('Présents et absents par association (inscriptions confirmées)', rows, ATTENDANCE_PARTS));
  }
  $('charts').replaceChildren(...figures);
}
