// The event's questions in the staff dialogs (correcting, registering someone): one field per
// question, filled with the registration's answers, and the answers changed, in the shape the
// API takes. `prefix` tells the dialogs' fields apart.
import { el } from '/static/staff-text.js';

const PREFIX = 'edit-q-';

// The element that carries a question's fault (its field, or the first box of its group).
export function answerInput(id, prefix = PREFIX) {
  return document.getElementById(prefix + id);
}

function labelled(tag, id, text) {
  const label = el(tag, null, text);
  if (tag === 'label') label.htmlFor = id;
  return label;
}

function box(type, id, name, value, checked) {
  const input = el('input');
  input.type = type;
  input.id = id;
  input.name = name;
  input.value = value;
  input.checked = checked;
  input.setAttribute('aria-invalid', 'false');
  return input;
}

export function renderAnswerFields(container, questions, answers, prefix = PREFIX) {
  container.textContent = '';
  for (const q of questions) {
    const id = prefix + q.id;
    const value = answers[q.id];
    const error = el('p', 'field-error');
    error.id = `${id}-error`;
    error.hidden = true;
    const title = q.required ? q.label : `${q.label} (facultatif)`;
    let field;
    if (q.type === 'choices' || (q.type === 'choice')) {
      field = el('fieldset', 'field');
      field.append(labelled('legend', id, title));
      const chosen = Array.isArray(value) ? value : value ? [value] : [];
      q.options.forEach((option, i) => {
        const input = box(q.type === 'choice' ? 'radio' : 'checkbox', i === 0 ? id : `${id}-${i + 1}`, id, option,
          chosen.includes(option));
        const line = el('div', 'checkbox');
        line.append(input, labelled('label', input.id, option));
        field.append(line);
      });
    } else if (q.type === 'checkbox') {
      field = el('div', 'field field-checkbox');
      const line = el('div', 'checkbox');
      line.append(box('checkbox', id, id, 'true', value === true), labelled('label', id, title));
      field.append(line);
    } else {
      field = el('div', 'field');
      const input = el(q.type === 'textarea' ? 'textarea' : 'input');
      if (q.type !== 'textarea') input.type = q.type === 'date' ? 'date' : 'text';
      input.id = id;
      input.value = typeof value === 'string' ? value : '';
      if (q.max_length) input.maxLength = q.max_length;
      input.setAttribute('aria-invalid', 'false');
      field.append(labelled('label', id, title), input);
    }
    field.append(error);
    container.append(field);
  }
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// {id: answer} for every question whose field no longer shows the stored answer ('' or [] clears it).
export function changedAnswers(container, questions, answers, prefix = PREFIX) {
  const changes = {};
  for (const q of questions) {
    const id = prefix + q.id;
    let value;
    if (q.type === 'choices') {
      value = [...container.querySelectorAll(`input[name="${id}"]:checked`)].map((i) => i.value);
      if (!same(value, answers[q.id] ?? [])) changes[q.id] = value;
    } else if (q.type === 'choice') {
      value = container.querySelector(`input[name="${id}"]:checked`)?.value ?? '';
      if (value !== (answers[q.id] ?? '')) changes[q.id] = value;
    } else if (q.type === 'checkbox') {
      value = document.getElementById(id).checked;
      if (value !== (answers[q.id] === true)) changes[q.id] = value;
    } else {
      value = document.getElementById(id).value;
      if (value !== (answers[q.id] ?? '')) changes[q.id] = value;
    }
  }
  return changes;
}
