// Badge tickets checked on the device, without the server: the QR text is the
// RFC 4648 base32 form (no padding) of 81 bytes:
//   [0]      version 0x01
//   [1..4]   event tag: the first 4 bytes of SHA-256("colloq-event:" + event slug)
//   [5..8]   registration id, uint32 big-endian
//   [9..16]  nonce; the ticket id is its 16 lowercase hex characters
//   [17..80] Ed25519 signature of "colloq-ticket-v1" followed by bytes [0..16]
// The signature is verified with WebCrypto when the browser has Ed25519, else
// with the vendored @noble/ed25519; SHA-256 likewise falls back to @noble/hashes
// (pages served over plain http have no crypto.subtle at all).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i += 1) {
  VALUES[ALPHABET.charCodeAt(i)] = i;
  if (i < 26) VALUES[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}

export const TICKET_BYTES = 81;
export const TICKET_LENGTH = 130;
const SIGNED_BYTES = 17;
const VERSION = 0x01;
const DOMAIN = new TextEncoder().encode('colloq-ticket-v1');
const MAX_TEXT = 1024;

// Decodes base32 as the server does: surrounding white space ignored, either case,
// no padding, unused final bits zero. Returns a Uint8Array or null.
export function base32Decode(text) {
  const s = text.trim();
  if (s.length > MAX_TEXT) return null;
  const rest = s.length % 8;
  if (rest === 1 || rest === 3 || rest === 6) return null;
  const out = new Uint8Array(Math.floor((s.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? VALUES[code] : -1;
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n] = (buffer >> bits) & 0xff;
      n += 1;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

export function base64urlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

function hex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

const subtle = globalThis.crypto && globalThis.crypto.subtle;

let nobleLoading = null;
function noble() {
  if (!nobleLoading) {
    nobleLoading = Promise.all([
      import('/static/vendor/noble-ed25519/index.js'),
      import('/static/vendor/noble-hashes/sha2.js'),
    ]).then(([ed, sha2]) => {
      ed.hashes.sha512 = sha2.sha512;
      return { ed, sha2 };
    });
  }
  return nobleLoading;
}

async function sha256(bytes) {
  if (subtle) {
    try {
      return new Uint8Array(await subtle.digest('SHA-256', bytes));
    } catch {
      // Fall through to the library.
    }
  }
  const { sha2 } = await noble();
  return sha2.sha256(bytes);
}

export async function eventTagOf(slug) {
  const digest = await sha256(new TextEncoder().encode(`colloq-event:${slug}`));
  return digest.slice(0, 4);
}

// Builds a verifier for one public key (base64url, raw 32 bytes) and one event.
// verifier.check(text) resolves to {result: 'valid'|'invalid'|'wrong_event',
// registrationId?, ticketId?}. `engine` tells which implementation is in use.
export async function makeVerifier(publicKeyText, eventSlug) {
  const publicKey = base64urlDecode(publicKeyText);
  if (publicKey.length !== 32) throw new Error('public key: 32 bytes expected');
  const tag = await eventTagOf(eventSlug);

  let verify = null;
  let engine = 'webcrypto';
  if (subtle) {
    try {
      const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
      verify = (signature, message) => subtle.verify({ name: 'Ed25519' }, key, signature, message);
    } catch {
      verify = null;
    }
  }
  if (!verify) {
    const { ed } = await noble();
    engine = 'noble';
    verify = (signature, message) => {
      try {
        return ed.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    };
  }

  const message = new Uint8Array(DOMAIN.length + SIGNED_BYTES);
  message.set(DOMAIN, 0);

  async function check(text) {
    const bytes = base32Decode(text);
    if (!bytes || bytes.length !== TICKET_BYTES || bytes[0] !== VERSION) return { result: 'invalid' };
    const signed = new Uint8Array(message);
    signed.set(bytes.subarray(0, SIGNED_BYTES), DOMAIN.length);
    let genuine = false;
    try {
      genuine = await verify(bytes.slice(SIGNED_BYTES), signed);
    } catch {
      genuine = false;
    }
    if (!genuine) return { result: 'invalid' };
    if (!sameBytes(bytes.subarray(1, 5), tag)) return { result: 'wrong_event' };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { result: 'valid', registrationId: view.getUint32(5, false), ticketId: hex(bytes.subarray(9, 17)) };
  }

  return { check, engine, publicKey: publicKeyText, event: eventSlug };
}
