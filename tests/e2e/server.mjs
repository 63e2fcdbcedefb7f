// Helpers for the browser tests: a real colloq server on a free port with a
// fresh data directory, and a headless Chromium.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const LISTENING = /colloq: listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 15000;

export function colloqBinary() {
  const binary = process.env.COLLOQ_BINARY;
  if (!binary) throw new Error('COLLOQ_BINARY is not set: run tests/e2e/run /path/to/colloq');
  return binary;
}

// Starts `colloq serve` on 127.0.0.1:0. `config` is the text of a TOML file;
// without it the server uses its built-in configuration.
// Returns {url, dir, stop(), logs()}.
export async function startServer({ config } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'colloq-e2e-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'];
  if (config !== undefined) {
    const configPath = join(dir, 'colloq.toml');
    await writeFile(configPath, config);
    args.push('--config', configPath);
  }

  const child = spawn(colloqBinary(), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200000) output = output.slice(-100000);
  };
  // Both pipes are drained for the whole life of the server, or it would block on a full pipe.
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // A test run that dies leaves no server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));

  const listening = new Promise((resolve, reject) => {
    let stdout = '';
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn(value);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(reject, new Error(`colloq did not report listening within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      keep(chunk);
      if (done) return;
      stdout += chunk.toString();
      const match = stdout.match(LISTENING);
      if (match) finish(resolve, match[1]);
    });
    child.on('error', (err) => finish(reject, err));
    exited.then(({ code, signal }) =>
      finish(reject, new Error(`colloq exited (code ${code}, signal ${signal}) before listening:\n${output}`)));
  });
  let url;
  try {
    url = await listening;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  let stopped = null;
  const stop = () => {
    if (stopped) return stopped;
    stopped = (async () => {
      try {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          let timer;
          const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS); });
          const outcome = await Promise.race([exited, timeout]);
          clearTimeout(timer);
          if (outcome === 'timeout') {
            child.kill('SIGKILL');
            await exited;
            throw new Error(`colloq did not stop within ${STOP_TIMEOUT_MS} ms after SIGTERM`);
          }
        }
        const { code, signal } = await exited;
        if (code !== 0) throw new Error(`colloq stopped with code ${code}, signal ${signal}:\n${output.slice(-4000)}`);
        return { code, signal };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    return stopped;
  };

  return { url, dir, dataDir, stop, logs: () => output };
}

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

// A headless Chromium with one fresh context. Extra options go to newContext.
// Returns {browser, context, close()}.
export async function launchBrowser({ javaScriptEnabled = true, ...contextOptions } = {}) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled, ...contextOptions });
    return { browser, context, close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

// One question of each type, for futureEventConfig({ questions }).
export const SAMPLE_QUESTIONS = `
[[questions]]
id = "accessibilite"
label = "Avez-vous des besoins d'accessibilité ?"
type = "text"
help = "Fauteuil roulant, boucle magnétique…"
[[questions]]
id = "message"
label = "Un message pour l'organisateur"
type = "textarea"
[[questions]]
id = "taille"
label = "Taille de votre collectivité"
type = "choice"
required = true
options = ["Moins de 10 000 habitants", "Plus de 10 000 habitants"]
[[questions]]
id = "ateliers"
label = "Ateliers qui vous intéressent"
type = "choices"
help = "Plusieurs choix possibles."
options = ["Éthique", "Outils"]
[[questions]]
id = "dejeuner"
label = "Je reste au déjeuner"
type = "checkbox"
[[questions]]
id = "arrivee"
label = "Date d'arrivée à Paris"
type = "date"
`;

// A [security_list] section, due `dueInDays` from now (the events here start in 60 days).
export function securityListToml({ dueInDays = 30, afterDue = 'accept' } = {}) {
  return [
    '[security_list]',
    'recipient = "Service de la sécurité du Sénat"',
    `due_at = "${new Date(Date.now() + dueInDays * 86400000).toISOString().slice(0, 19)}Z"`,
    'fields = ["last_name", "first_name", "organisation"]',
    `after_due = "${afterDue}"`,
    '',
  ].join('\n');
}

// A configuration whose event is in the future, so registration is open.
// `questions`: [[questions]] sections, as TOML text.
export function futureEventConfig({ capacity = 300, daysAhead = 60, partners, registrationClosesAt, questions = '' } = {}) {
  const day = new Date(Date.now() + daysAhead * 86400000);
  const date = day.toISOString().slice(0, 10);
  const list = partners ?? [
    { slug: 'dextera', name: 'Dextera', quota: 80 },
    { slug: 'dircab', name: 'Dircab', quota: 80 },
    { slug: 'coopcab', name: 'Coopcab', quota: 80 },
  ];
  const partnerBlocks = list.map((p) => [
    '[[partners]]',
    `slug = ${JSON.stringify(p.slug)}`,
    `name = ${JSON.stringify(p.name)}`,
    ...(p.quota !== undefined ? [`quota = ${p.quota}`] : []),
    ...(p.requires_approval !== undefined ? [`requires_approval = ${p.requires_approval}`] : []),
    '',
  ].join('\n'));
  return [
    '[event]',
    'slug = "ia-collectivites-e2e"',
    'title = "L\'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?"',
    'organiser = "L\'Inspiration politique"',
    'venue = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris"',
    `starts_at = "${date}T09:00:00+01:00"`,
    `ends_at = "${date}T13:00:00+01:00"`,
    `capacity = ${capacity}`,
    ...(registrationClosesAt ? [`registration_closes_at = "${registrationClosesAt}"`] : []),
    '',
    ...partnerBlocks,
    questions,
    '[server]',
    'public_url = "http://localhost:8080"',
    '',
    // Every browser test registers from 127.0.0.1: the per-address limit would stop them.
    '[limits]',
    'registrations_per_address = 1000000',
    '',
    '[mail]',
    'from = "Colloque IA <inscriptions@example.org>"',
    '',
  ].join('\n');
}

// The first start prints the generated administrator on stdout; the value is the last word of its line.
export async function firstAdmin(srv) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const lines = srv.logs().split('\n');
    const emailLine = lines.find((l) => l.includes('premier compte administrateur'));
    const passwordLine = lines.find((l) => l.includes('mot de passe (affiché une seule fois)'));
    if (emailLine && passwordLine) {
      return { email: emailLine.trim().split(/\s+/).pop(), password: passwordLine.trim().split(/\s+/).pop() };
    }
    if (Date.now() > deadline) throw new Error(`the first administrator was not printed:\n${srv.logs()}`);
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}
