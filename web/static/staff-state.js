// What the staff page knows: the session, the event's partners, the registrations listed
// and the audit trail; and what follows from them (names, labels, the account's role).

export const state = {
  session: null,            // {role, partner, csrf, email}
  event: null,
  partnerNames: new Map(),  // slug -> name
  rows: [],                 // registrations of the current list, in server order
  shown: 0,
  byId: new Map(),          // every registration seen, for the actions and the audit trail
  listAbort: null,
  searchTimer: 0,
  refreshTimer: 0,
  audit: [],
  auditShown: 0,
  cancelTarget: null,
  eraseTarget: null,
  editTarget: null,
  invoker: null,
};

const STATUS_LABELS = {
  confirmed: 'Confirmée',
  waitlisted: 'En liste d\'attente',
  pending: 'En attente de validation',
  cancelled: 'Annulée',
};

export function partnerName(slug) {
  if (!slug) return 'Sans association';
  return state.partnerNames.get(slug) || slug;
}

export function statusLabel(r) {
  if (r.status === 'waitlisted' && r.waitlist_position) {
    return `En liste d'attente (position ${r.waitlist_position})`;
  }
  return STATUS_LABELS[r.status] || r.status;
}

export function isAdmin() {
  return Boolean(state.session && state.session.role === 'admin');
}

export function isPartner() {
  return Boolean(state.session && state.session.role === 'partner');
}
