// The camera: the back camera of a phone (or the only one of a laptop), and a
// QR decoder: the browser's own BarcodeDetector when it has one that reads QR
// codes, else jsQR in a worker on downscaled frames. When the camera cannot
// open, the reason comes back in plain French; the other inputs keep working.

const MAX_SIDE = 800;          // frames are downscaled to this before jsQR in a worker
const FRAME_GAP_MS = 60;       // pause between two decodes, to spare the battery
const PAGE_MAX_SIDE = 480;     // the same when jsQR runs on the page
const PAGE_FRAME_GAP_MS = 200;

export function cameraProblem(error) {
  const name = error && error.name;
  if (name === 'insecure') {
    return 'La caméra ne peut s\'ouvrir que sur une page sécurisée (adresse en https://). ' +
      'Utilisez le lecteur de badges ou la recherche par nom, ou ouvrez l\'adresse https de cette page.';
  }
  if (name === 'unsupported') {
    return 'Ce navigateur ne donne pas accès à la caméra. Utilisez le lecteur de badges ou la recherche par nom.';
  }
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return 'L\'accès à la caméra a été refusé. Autorisez la caméra pour ce site dans les réglages du navigateur, ' +
      'puis touchez «\u00A0Réessayer\u00A0». Le lecteur de badges et la recherche par nom restent disponibles.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return 'Aucune caméra n\'a été trouvée sur cet appareil. Utilisez le lecteur de badges ou la recherche par nom.';
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return 'La caméra est occupée par une autre application. Fermez-la, puis touchez «\u00A0Réessayer\u00A0».';
  }
  return 'La caméra n\'a pas pu s\'ouvrir. Touchez «\u00A0Réessayer\u00A0», ou utilisez le lecteur de badges ou la recherche par nom.';
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (video) => {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    };
  } catch {
    return null;
  }
}

// jsQR as a classic script on the page itself, for when no worker can run it.
let jsqrOnPage = null;
function loadJsqrOnPage() {
  if (!jsqrOnPage) {
    jsqrOnPage = new Promise((resolve, reject) => {
      if (window.jsQR) return resolve(window.jsQR);
      const script = document.createElement('script');
      script.src = '/static/vendor/jsqr/jsQR.js';
      script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR did not load')));
      script.onerror = () => reject(new Error('jsQR did not load'));
      document.head.append(script);
    });
  }
  return jsqrOnPage;
}

// jsQR in a worker, so decoding never holds up the page; on the page itself, on
// smaller frames and less often, when the worker cannot start (a policy that
// forbids its script to load the library, an old browser).
function jsqrDetector() {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let worker = null;
  try {
    worker = new Worker('/static/door-qr-worker.js');
  } catch {
    worker = null;
  }
  let next = 1;
  const waiting = new Map();
  const detect = async (video) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    const scale = Math.min(1, (worker ? MAX_SIDE : PAGE_MAX_SIDE) / Math.max(w, h));
    const cw = Math.round(w * scale);
    const ch = Math.round(h * scale);
    if (canvas.width !== cw) canvas.width = cw;
    if (canvas.height !== ch) canvas.height = ch;
    ctx.drawImage(video, 0, 0, cw, ch);
    const { data } = ctx.getImageData(0, 0, cw, ch);
    if (!worker) {
      const jsQR = await loadJsqrOnPage();
      const code = jsQR(data, cw, ch, { inversionAttempts: 'dontInvert' });
      return code ? code.data : null;
    }
    const id = next;
    next += 1;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ id, buffer: data.buffer, width: cw, height: ch }, [data.buffer]);
    });
  };
  detect.gap = () => (worker ? FRAME_GAP_MS : PAGE_FRAME_GAP_MS);
  detect.where = () => (worker ? 'jsQR' : 'jsQR sur la page');
  detect.close = () => {
    if (worker) worker.terminate();
  };
  if (worker) {
    worker.onmessage = (event) => {
      const resolve = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      if (resolve) resolve(event.data.text);
    };
    worker.onerror = () => {
      worker.terminate();
      worker = null;
      for (const resolve of waiting.values()) resolve(null);
      waiting.clear();
    };
  }
  return detect;
}

// Starts the camera into `video` and calls onCode(text) for each QR code read.
// Resolves to {stop(), decoder} or rejects with an error whose name cameraProblem() explains.
export async function startCamera(video, onCode) {
  if (!window.isSecureContext) throw Object.assign(new Error('insecure'), { name: 'insecure' });
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw Object.assign(new Error('unsupported'), { name: 'unsupported' });
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute('playsinline', '');
  try {
    await video.play();
  } catch (err) {
    for (const track of stream.getTracks()) track.stop();
    throw err;
  }

  const native = await nativeDetector();
  const detect = native || jsqrDetector();
  let running = true;
  let timer = null;

  const loop = async () => {
    if (!running) return;
    let text = null;
    if (video.readyState >= 2) {
      try {
        text = await detect(video);
      } catch {
        text = null;
      }
    }
    if (!running) return;
    if (text) onCode(text);
    timer = setTimeout(loop, detect.gap ? detect.gap() : FRAME_GAP_MS);
  };
  loop();

  return {
    get decoder() {
      return native ? 'BarcodeDetector' : detect.where();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      if (detect.close) detect.close();
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}

// The camera block of the page: its button, its message, and the same badge held
// in front of the lens counted once. `onCode(text)` gets each new code.
const REPEAT_MS = 3000;
const WANTED_KEY = 'colloq-door-camera';

export class CameraPanel {
  constructor(els, { onCode, onChange, remembered, remember }) {
    this.els = els;
    this.onCode = onCode;
    this.onChange = onChange;
    this.remember = remember;
    this.wanted = remembered(WANTED_KEY, 'on') !== 'off';
    this.camera = null;
    this.opening = null;
    this.last = { text: '', at: 0 };
    els.cameraToggle.addEventListener('click', () => this.toggle());
  }

  get decoder() {
    return this.camera ? this.camera.decoder : null;
  }

  message(text, problem = false) {
    this.els.cameraMessage.textContent = text;
    this.els.cameraMessage.classList.toggle('problem', problem);
  }

  seen(text) {
    const now = Date.now();
    if (text === this.last.text && now - this.last.at < REPEAT_MS) {
      this.last.at = now;
      return;
    }
    this.last = { text, at: now };
    this.onCode(text);
  }

  open() {
    if (this.camera || this.opening) return this.opening;
    const { els } = this;
    els.cameraToggle.disabled = true;
    this.message('Ouverture de la caméra…');
    this.opening = startCamera(els.video, (text) => this.seen(text))
      .then((camera) => {
        this.camera = camera;
        els.viewfinder.classList.remove('off');
        this.message('Présentez le QR code du badge devant la caméra.');
        els.cameraToggle.textContent = 'Arrêter la caméra';
        this.onChange();
      })
      .catch((err) => {
        els.viewfinder.classList.add('off');
        this.message(cameraProblem(err), true);
        els.cameraToggle.textContent = err && (err.name === 'insecure' || err.name === 'unsupported')
          ? 'Activer la caméra'
          : 'Réessayer';
      })
      .finally(() => {
        this.opening = null;
        els.cameraToggle.disabled = false;
      });
    return this.opening;
  }

  // Stops the camera (signed out, page hidden); it opens again with resume() if it was wanted.
  stop() {
    if (this.camera) this.camera.stop();
    this.camera = null;
    this.els.viewfinder.classList.add('off');
    this.els.cameraToggle.textContent = 'Activer la caméra';
  }

  resume() {
    if (this.wanted) this.open();
  }

  toggle() {
    this.wanted = !this.camera;
    this.remember(WANTED_KEY, this.wanted ? 'on' : 'off');
    if (this.wanted) {
      this.open();
    } else {
      this.stop();
      this.message('Caméra arrêtée.');
    }
  }
}
