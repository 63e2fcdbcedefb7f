// What the door page shows: the result of a scan, full screen, the status line,
// and the people found by name. French wording, times in the event's offset.
import { fullName } from '/static/door-checkin.js';
import { signal } from '/static/door-feedback.js';
import { inEventTime } from '/static/event-time.js';

const RESULT_MS = 2500;

const clock = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long' });

// « 9 h 12 », or « le 9 octobre à 9 h 12 » when it was not today; in the event's offset.
export function frenchTime(iso, { withDay = true } = {}) {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const when = inEventTime(instant);
  const parts = clock.formatToParts(when);
  const hour = Number(parts.find((p) => p.type === 'hour').value);
  const minute = parts.find((p) => p.type === 'minute').value;
  const time = `${hour}\u00A0h\u00A0${minute}`;
  if (withDay && day.format(when) !== day.format(inEventTime(new Date()))) return `le ${day.format(when)} à ${time}`;
  return time;
}

// « Entrée Vaugirard » reads « entrée Vaugirard » in the middle of a sentence; « CCI » stays.
export function doorInSentence(door) {
  const text = (door || 'entrée').trim();
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function entered(at, door) {
  const when = frenchTime(at);
  const time = when.startsWith('le ') ? when : `à ${when}`;
  return `déjà entré(e) ${time}, ${doorInSentence(door)}`;
}

const VERDICTS = {
  ok: { tone: 'ok', icon: '\u2713', verdict: 'Entrée autorisée' },
  already_checked_in: { tone: 'warn', icon: '!', verdict: 'Déjà entré(e)' },
  cancelled: { tone: 'error', icon: '\u2715', verdict: 'Badge annulé' },
  not_confirmed: { tone: 'error', icon: '\u2715', verdict: 'Inscription non confirmée' },
  invalid: { tone: 'error', icon: '\u2715', verdict: 'Badge invalide ou falsifié' },
  wrong_event: { tone: 'error', icon: '\u2715', verdict: 'Badge d\'un autre événement' },
  unverified: { tone: 'error', icon: '?', verdict: 'Vérification impossible' },
  error: { tone: 'error', icon: '\u2715', verdict: 'Passage refusé par le serveur' },
};

// A genuine badge whose name the venue's security list, already sent, does not hold.
const LATE = { tone: 'late', icon: '!', verdict: 'Absent de la liste transmise' };

// `list`: the venue's security list as the device knows it, {version, recipient}; before a
// version is sent, nobody is on it and nobody is warned.
function describe(o, list) {
  const late = o.result === 'ok' && list.version > 0 && o.registration?.on_security_list === false;
  const listRecipient = list.recipient;
  const v = late ? LATE : VERDICTS[o.result] || VERDICTS.error;
  const p = o.registration;
  let name = p ? fullName(p) : '';
  let detail = p?.organisation || '';
  let note = '';
  switch (o.result) {
    case 'ok':
      if (o.unknown || !name) {
        name = 'Nom à vérifier sur le badge';
        detail = `Badge authentique, inscription n°\u00A0${p?.id ?? ''} trop récente pour la liste de cet appareil`;
      }
      if (late) {
        note = `Nom absent de la liste d'accès transmise${listRecipient ? ` (${listRecipient})` : ''}, ajouté après son envoi\u00A0: vérifiez l'identité et suivez la consigne du service de sécurité.`;
      }
      if (o.offline) note = `${note ? `${note} ` : ''}Vérifié sur l'appareil, hors ligne\u00A0: envoyé au retour du réseau.`;
      break;
    case 'already_checked_in':
      detail = o.checked_in_at ? entered(o.checked_in_at, o.checked_in_door) : 'déjà entré(e)';
      note = 'Ce badge a déjà servi\u00A0: vérifiez l\'identité avant de laisser entrer.';
      break;
    case 'cancelled':
      note = 'Cette inscription a été annulée\u00A0: orientez la personne vers l\'accueil de l\'organisateur.';
      break;
    case 'not_confirmed':
      note = 'Inscription en liste d\'attente ou en attente de validation\u00A0: orientez la personne vers l\'accueil de l\'organisateur.';
      break;
    case 'invalid':
      note = o.replaced
        ? 'Ce badge a été remplacé par un plus récent\u00A0: demandez le dernier badge reçu par e-mail.'
        : 'Ce code n\'est pas un badge authentique de l\'événement\u00A0: cherchez la personne par son nom.';
      break;
    case 'wrong_event':
      note = 'Ce badge a été émis pour un autre événement\u00A0: cherchez la personne par son nom.';
      break;
    case 'unverified':
      note = 'La liste n\'est pas encore chargée sur cet appareil\u00A0: reconnectez-le au réseau. Le passage est gardé et sera vérifié à l\'envoi.';
      break;
    default:
      note = o.message || '';
  }
  return { ...v, name, detail, note };
}

export class ResultView {
  // `securityList()`: the venue's security list as the device knows it ({version, recipient}),
  // for the warning of a name the list sent lacks.
  constructor(els, { onHidden, securityList = () => ({ version: 0, recipient: '' }) }) {
    this.els = els;
    this.onHidden = onHidden;
    this.securityList = securityList;
    this.timer = null;
    this.shown = 0;
    // A message posted from a frame callback runs once that frame is painted.
    this.painted = new MessageChannel();
    this.later = [];
    this.painted.port1.onmessage = () => {
      performance.mark('result-shown');
      try {
        performance.measure('decoded-to-shown', 'qr-decoded', 'result-shown');
      } catch {
        // A result without a decoded code (search by name) has no start mark.
      }
      const later = this.later;
      this.later = [];
      for (const fn of later) fn();
    };
    els.result.addEventListener('click', () => this.hide());
  }

  show(outcome) {
    const d = describe(outcome, this.securityList());
    const { els } = this;
    els.result.className = `result ${d.tone}`;
    els.icon.textContent = d.icon;
    els.verdict.textContent = d.verdict;
    els.name.textContent = d.name;
    els.name.classList.toggle('long', d.name.length > 22);
    els.detail.textContent = d.detail;
    els.note.textContent = d.note;
    els.result.hidden = false;
    this.shown += 1;
    document.body.dataset.lastResult = outcome.result;
    document.body.dataset.results = String(this.shown);
    requestAnimationFrame(() => this.painted.port2.postMessage(null));

    signal(d.tone);
    const spoken = [d.verdict, d.name, d.detail].filter(Boolean).join('. ');
    els.announce.textContent = '';
    setTimeout(() => { els.announce.textContent = spoken; }, 30);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), RESULT_MS);
  }

  // Work that can wait until the result is on screen (the counters, the status line).
  afterPaint(fn) {
    this.later.push(fn);
  }

  get visible() {
    return !this.els.result.hidden;
  }

  hide() {
    clearTimeout(this.timer);
    if (this.els.result.hidden) return;
    this.els.result.hidden = true;
    this.onHidden();
  }
}

function plural(n, one, many) {
  return n <= 1 ? one : many;
}

export function renderStatus(els, { online, counts, syncedAt, queueSize, everSynced, synchronising = false }) {
  els.net.className = `net ${online ? 'online' : 'offline'}`;
  const netText = online ? 'En ligne' : 'Hors ligne\u00A0: vérification sur l\'appareil';
  if (els.net.textContent !== netText) els.net.textContent = netText;
  els.countIn.textContent = String(counts.inside);
  els.countExpected.textContent = String(counts.expected);
  els.countLabel.textContent = plural(counts.inside, 'personne entrée', 'personnes entrées');
  // While a synchronisation is on its way the list on the device is the one of the last that
  // ended: the staff see it, and do not take a tap on « Synchroniser maintenant » for done.
  if (synchronising) {
    els.sync.textContent = everSynced
      ? `Synchronisation en cours\u2026 Liste de l'appareil\u00A0: ${frenchTime(syncedAt)}`
      : 'Synchronisation en cours\u2026';
  } else {
    els.sync.textContent = everSynced
      ? `Dernière synchronisation\u00A0: ${frenchTime(syncedAt)}`
      : 'Liste pas encore chargée sur cet appareil';
  }
  els.queueCount.textContent = String(queueSize);
  els.queueLabel.textContent = plural(queueSize, 'passage en attente d\'envoi', 'passages en attente d\'envoi');
  els.queue.classList.toggle('waiting', queueSize > 0);
}

function stateOf(p) {
  if (p.status === 'cancelled') return { text: 'Inscription annulée', cls: 'state-in' };
  if (p.status !== 'confirmed') return { text: 'Inscription non confirmée', cls: 'state-in' };
  if (p.checked_in_at) {
    const text = entered(p.checked_in_at, p.checked_in_door);
    return { text: text[0].toUpperCase() + text.slice(1), cls: 'state-in' };
  }
  return { text: 'Pas encore entré(e)', cls: 'state-out' };
}

export function renderSearch(els, found, query) {
  const list = els.searchResults;
  list.replaceChildren();
  if (!query.trim()) {
    els.searchSummary.textContent = '';
    return;
  }
  if (!found.total) {
    els.searchSummary.textContent = 'Aucune personne de ce nom dans la liste de cet appareil.';
    return;
  }
  const shownCount = found.people.length;
  els.searchSummary.textContent = found.total > shownCount
    ? `${found.total} personnes trouvées\u00A0; les ${shownCount} premières sont affichées, précisez la recherche.`
    : `${found.total} ${plural(found.total, 'personne trouvée', 'personnes trouvées')}.`;
  for (const p of found.people) {
    const li = document.createElement('li');
    const who = document.createElement('div');
    who.className = 'who';
    const name = document.createElement('strong');
    name.textContent = fullName(p) || `Inscription n°\u00A0${p.id}`;
    who.append(name);
    if (p.organisation) {
      const org = document.createElement('span');
      org.textContent = p.organisation;
      who.append(org);
    }
    const state = stateOf(p);
    const st = document.createElement('span');
    st.className = state.cls;
    st.textContent = state.text;
    who.append(st);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button primary';
    button.dataset.registrationId = String(p.id);
    button.append('Pointer');
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ` ${fullName(p)}`;
    button.append(hidden);
    li.append(who, button);
    list.append(li);
  }
}
