// Times as the event's own offset shows them (the one of its `starts_at`, as the configuration
// says), not the device's zone: the staff and door pages say the same hours as the e-mails,
// PDFs and exports. Until the event is known, Paris winter time.
const OFFSET = /(?:([+-])(\d{2}):(\d{2})|Z)$/;
let offsetMinutes = 60;

// `startsAt`: the event's start, RFC 3339 with its offset ("2024-10-10T09:00:00+02:00").
export function setEventOffset(startsAt) {
  const m = OFFSET.exec(startsAt || '');
  if (!m) return;
  offsetMinutes = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

// The instant moved by the event's offset: format it with timeZone 'UTC' to read the event's hours.
export function inEventTime(date) {
  return new Date(date.getTime() + offsetMinutes * 60000);
}
