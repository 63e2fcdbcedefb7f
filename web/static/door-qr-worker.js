// Decodes QR codes from camera frames off the page's main thread, with jsQR.
/* global jsQR */
importScripts('/static/vendor/jsqr/jsQR.js');

self.onmessage = (event) => {
  const { id, buffer, width, height } = event.data;
  let text = null;
  try {
    const code = jsQR(new Uint8ClampedArray(buffer), width, height, { inversionAttempts: 'attemptBoth' });
    if (code && code.data) text = code.data;
  } catch {
    text = null;
  }
  self.postMessage({ id, text });
};
