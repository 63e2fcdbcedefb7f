// A sound and a vibration for each result, so the door staff need not look twice.
// Browsers let a page play sound only after a tap or a key press: unlock() is
// called on the first one.

let context = null;

export function unlockSound() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return;
  try {
    if (!context) context = new Ctx();
    if (context.state === 'suspended') context.resume().catch(() => {});
  } catch {
    context = null;
  }
}

function tone(frequency, start, duration, type, volume) {
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  const t0 = context.currentTime + start;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(volume, t0 + 0.01);
  gain.gain.setValueAtTime(volume, t0 + duration - 0.03);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + duration);
  osc.connect(gain).connect(context.destination);
  osc.start(t0);
  osc.stop(t0 + duration + 0.02);
}

// ok: one short high beep; already in: two medium beeps; refused: a long low buzz.
const PATTERNS = {
  ok: { tones: [[1320, 0, 0.14, 'sine', 0.35]], vibrate: [80] },
  warn: { tones: [[660, 0, 0.12, 'triangle', 0.4], [660, 0.2, 0.12, 'triangle', 0.4]], vibrate: [120, 80, 120] },
  late: { tones: [[880, 0, 0.12, 'sine', 0.35], [660, 0.18, 0.2, 'triangle', 0.4]], vibrate: [80, 80, 240] },
  error: { tones: [[196, 0, 0.45, 'square', 0.18], [185, 0, 0.45, 'sawtooth', 0.1]], vibrate: [400, 120, 400] },
};

export function signal(kind) {
  const pattern = PATTERNS[kind] || PATTERNS.error;
  if (context && context.state === 'running') {
    try {
      for (const t of pattern.tones) tone(...t);
    } catch {
      // No sound this time; the colour and the text say it all the same.
    }
  }
  if (navigator.vibrate) {
    try {
      navigator.vibrate(pattern.vibrate);
    } catch {
      // Some browsers refuse to vibrate without a recent tap.
    }
  }
}
