// Registration form: sends the form as JSON to /api/registrations and shows
// the answer in place. Without this script the form posts to /register.
(function () {
  'use strict';

  var form = document.getElementById('registration-form');
  if (!form || !window.fetch || !window.JSON) return;

  var FIELDS = ['first_name', 'last_name', 'email', 'organisation', 'role', 'partner', 'consent'];
  var NBSP = '\u00a0';
  var TIMEOUT_MS = 20000;

  var alertBox = document.getElementById('form-alert');
  // The summary above the form; the page has it, hidden, and this script fills its list.
  var summary = document.querySelector('#form-errors .error-summary');
  var summaryList = summary && summary.querySelector('ul');
  var confirmation = document.getElementById('confirmation');
  var button = form.querySelector('button[type="submit"]');
  var sending = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // A question's field is "answers.<id>" in the API and "q-<id>" in the page.
  function fieldId(name) {
    return name && name.indexOf('answers.') === 0 ? 'q-' + name.slice(8) : name;
  }

  function fieldInput(name) {
    var input = name ? document.getElementById(fieldId(name)) : null;
    return input && form.contains(input) ? input : null;
  }

  function questionFields() {
    var names = [];
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && input.name.indexOf('answers.') === 0 && names.indexOf(input.name) < 0) names.push(input.name);
    });
    return names;
  }

  function clearMessages() {
    if (alertBox) {
      alertBox.textContent = '';
      alertBox.className = 'form-alert';
    }
    if (summaryList) {
      summaryList.textContent = '';
      summary.hidden = true;
    }
    FIELDS.concat(questionFields()).forEach(function (name) {
      var input = fieldInput(name);
      if (input) input.setAttribute('aria-invalid', 'false');
      var error = document.getElementById(fieldId(name) + '-error');
      if (error) {
        error.textContent = '';
        error.hidden = true;
      }
    });
  }

  function showAlert(message, kind) {
    if (!alertBox) return;
    alertBox.textContent = '';
    alertBox.className = 'form-alert' + (kind ? ' ' + kind : '');
    alertBox.appendChild(el('p', null, message));
  }

  // Marks one field as at fault, with its message under it; false when the form has no such field.
  function markField(name, message) {
    var input = fieldInput(name);
    if (!input) return false;
    var error = document.getElementById(fieldId(name) + '-error');
    if (!error) {
      error = el('p', 'field-error');
      error.id = fieldId(name) + '-error';
      var container = input.closest('.field') || input.parentNode;
      container.appendChild(error);
    }
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    var described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (described.indexOf(error.id) < 0) {
      described.push(error.id);
      input.setAttribute('aria-describedby', described.join(' '));
    }
    return true;
  }

  // Every fault at once. One: its field takes the focus. Several: a summary above the form
  // lists them, each a link to its field, and takes the focus so that it is read out first.
  function showFaults(faults) {
    var marked = [];
    faults.forEach(function (f) {
      if (markField(f.field, f.message)) marked.push(f);
      else showAlert(f.message);
    });
    if (marked.length === 1) {
      fieldInput(marked[0].field).focus();
    } else if (marked.length > 1 && summaryList) {
      marked.forEach(function (f) {
        var link = el('a', null, f.message);
        link.href = '#' + fieldId(f.field);
        summaryList.appendChild(el('li')).appendChild(link);
      });
      summary.hidden = false;
      summary.focus();
    }
  }

  function payload() {
    var body = {
      first_name: form.elements.first_name.value,
      last_name: form.elements.last_name.value,
      email: form.elements.email.value.trim(),
      organisation: form.elements.organisation.value,
      role: form.elements.role.value,
      consent: form.elements.consent.checked
    };
    var partner = form.elements.partner ? form.elements.partner.value : '';
    if (partner) body.partner = partner;
    // Each question's answer in the shape the API takes: a list, a flag or a text.
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.name.indexOf('answers.') !== 0) return;
      var id = input.name.slice(8);
      var shape = input.getAttribute('data-answer');
      if (shape === 'list') {
        answers[id] = answers[id] || [];
        if (input.checked) answers[id].push(input.value);
      } else if (shape === 'flag') {
        answers[id] = input.checked;
      } else if (input.type === 'radio') {
        if (input.checked) answers[id] = input.value;
      } else {
        answers[id] = input.value;
      }
    });
    body.answers = answers;
    return body;
  }

  function showConfirmation(data, email) {
    var status = data.status;
    var title;
    var lines;
    if (status === 'waitlisted') {
      title = typeof data.waitlist_position === 'number'
        ? 'Vous êtes en liste d\'attente (position ' + data.waitlist_position + ')'
        : 'Vous êtes en liste d\'attente';
      lines = [
        'Le colloque est complet pour le moment. Si une place se libère, vous recevrez un e-mail avec votre badge. Vous n\'avez rien à faire d\'ici là.'
      ];
    } else if (status === 'pending') {
      title = 'Inscription en attente de validation par l\'association';
      lines = [
        'Votre association partenaire va examiner votre demande. Vous recevrez un e-mail dès qu\'elle sera validée.'
      ];
    } else {
      status = 'confirmed';
      title = 'Inscription confirmée';
      lines = [
        'Votre badge (avec QR code) vient de vous être envoyé à ' + email + '. Présentez-le à l\'entrée, sur votre téléphone ou imprimé.',
        'Le Sénat contrôle l\'identité de chaque participant' + NBSP + ': apportez une pièce d\'identité et arrivez en avance pour le contrôle de sécurité.'
      ];
    }
    confirmation.textContent = '';
    confirmation.className = 'confirmation ' + status;
    confirmation.appendChild(el('h2', null, title));
    lines.forEach(function (line) { confirmation.appendChild(el('p', null, line)); });
    if (data.manage_url) {
      var p = el('p');
      var link = el('a', 'manage-link', 'Gérer mon inscription');
      link.href = data.manage_url;
      p.appendChild(link);
      p.appendChild(document.createTextNode(' (pour retrouver votre badge ou annuler si vos projets changent)'));
      confirmation.appendChild(p);
    }
    form.hidden = true;
    var notice = document.querySelector('.notice');
    if (notice) notice.hidden = true;
    confirmation.hidden = false;
    confirmation.focus();
  }

  function fallbackMessage(status) {
    if (status === 403) return 'Les inscriptions ne sont pas ouvertes en ce moment.';
    if (status === 413) return 'Les informations envoyées sont trop longues. Raccourcissez-les puis réessayez.';
    if (status === 429) return 'Trop de demandes en peu de temps. Patientez une minute puis réessayez.';
    if (status >= 500) return 'Le service d\'inscription rencontre un problème. Réessayez dans quelques minutes' + NBSP + '; s\'il persiste, écrivez à l\'organisateur.';
    return 'Votre demande n\'a pas pu être traitée. Rechargez la page puis réessayez.';
  }

  function handleAnswer(status, data, email) {
    data = data || {};
    if (status === 201 || status === 200) {
      showConfirmation(data, email);
    } else if (status === 422) {
      var faults = Array.isArray(data.errors) && data.errors.length
        ? data.errors
        : [{ field: data.field, message: data.message || 'Vérifiez les informations saisies.' }];
      showFaults(faults);
    } else if (status === 409) {
      showAlert(data.message ||
        'Cette adresse e-mail est déjà inscrite. Le lien pour gérer votre inscription vient de vous être renvoyé par e-mail.', 'info');
    } else {
      showAlert(data.message || fallbackMessage(status));
    }
  }

  function setSending(on) {
    sending = on;
    if (button) button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    clearMessages();
    var body = payload();
    setSending(true);

    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;

    fetch('/api/registrations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (answer) {
      handleAnswer(answer.status, answer.data, body.email);
    }, function () {
      showAlert('La connexion au service d\'inscription a échoué. Vérifiez votre connexion à Internet puis réessayez.');
    }).then(function () {
      if (timer) clearTimeout(timer);
      setSending(false);
      if (!form.hidden && (document.activeElement === document.body || document.activeElement === button)) {
        if (button) button.focus();
      }
    });
  });
})();
