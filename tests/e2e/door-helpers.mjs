// Helpers for the door tests: door accounts, registrations with their badges,
// the ticket read from a badge by an independent decoder (zbarimg), a fake
// camera stream made from a badge (ffmpeg), and the API as a door device sees it.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { colloqBinary } from './server.mjs';

const run = promisify(execFile);

// `colloq staff add` with a password on standard input, as an organiser would.
export async function addStaff(server, { email, role = 'door', password, partner }) {
  const args = ['staff', 'add', '--data', server.dataDir, '--email', email, '--role', role, '--password-stdin'];
  if (partner) args.push('--partner', partner);
  const config = join(server.dir, 'colloq.toml');
  if (existsSync(config)) args.push('--config', config);
  await new Promise((resolve, reject) => {
    const child = spawn(colloqBinary(), args, { cwd: server.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`colloq staff add exited ${code}: ${output}`))));
    child.stdin.end(`${password}\n`);
  });
  return { email, password };
}

let counter = 0;
export function person(tag, overrides = {}) {
  counter += 1;
  return {
    first_name: 'Camille',
    last_name: 'Dupont',
    email: `${tag}.${Date.now().toString(36)}.${process.pid}.${counter}@exemple-mairie.fr`,
    organisation: 'Mairie de Saint-Étienne',
    role: 'Directrice de cabinet',
    ...overrides,
  };
}

export async function register(server, p) {
  const res = await fetch(`${server.url}/api/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...p, consent: true }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`POST /api/registrations: ${res.status} ${JSON.stringify(body)}`);
  const token = new URL(body.manage_url, server.url).pathname.split('/m/')[1];
  return { ...body, token };
}

// The badge PNG of a confirmed registration, saved under the server's temporary folder.
export async function badge(server, registration) {
  const res = await fetch(`${server.url}/m/${registration.token}/badge.png`);
  if (res.status !== 200) throw new Error(`GET badge.png: ${res.status}`);
  const path = join(server.dir, `badge-${registration.id}.png`);
  await writeFile(path, Buffer.from(await res.arrayBuffer()));
  return path;
}

// The QR text of a badge, read by zbarimg (not by the page's own decoder).
export async function ticketOf(pngPath) {
  const { stdout } = await run('zbarimg', ['-q', '--raw', pngPath]);
  return stdout.trim();
}

// A registration with its badge and ticket.
export async function attendee(server, tag, overrides) {
  const p = person(tag, overrides);
  const registration = await register(server, p);
  const png = await badge(server, registration);
  return { ...p, ...registration, png, ticket: await ticketOf(png) };
}

// A 640×480 video of the badge on white, for Chromium's fake camera.
export async function fakeCamera(pngPath, y4mPath) {
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', pngPath,
    '-vf', 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p',
    '-t', '3', '-r', '10', '-f', 'yuv4mpegpipe', y4mPath,
  ]);
  return y4mPath;
}

// A door device's session from Node: the cookie and the CSRF token.
export async function apiSession(server, { email, password }) {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`POST /api/login: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, payload) => {
    const headers = { Cookie: cookie };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = body.csrf_token;
    const r = await fetch(`${server.url}${path}`, {
      method, headers, body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const data = await r.json();
    if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
  return { ...body, cookie, get: (path) => call('GET', path), post: (path, payload) => call('POST', path, payload) };
}

// The scan log, straight from the server's database (read-only, while it runs).
export async function scanLog(server) {
  const { stdout } = await run('sqlite3', [
    '-readonly', '-json', join(server.dataDir, 'colloq.db'),
    'SELECT id, client_scan_id, registration_id, result, door, device, scanned_at FROM scans ORDER BY id',
  ]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}
