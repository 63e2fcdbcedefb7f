// The staff area (/staff) in headless Chromium against a real colloq server:
// sign-in, counts, search, approve, cancel, correct, partner scoping, CSV export
// and axe-core on the login and signed-in views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, futureEventConfig, securityListToml, colloqBinary, firstAdmin } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const LIMIT = { timeout: 90000 };
const DESKTOP = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
const PARTNER_PASSWORD = 'coopcab-mot-de-passe-2024';
const PARTNER_EMAIL = 'equipe@coopcab.example.org';

let server;
let axeSource;
let admin;

before(async () => {
  axeSource = await readFile(AXE_PATH, 'utf8');
  server = await startServer({
    config: futureEventConfig({
      capacity: 100,
      partners: [
        { slug: 'dextera', name: 'Dextera', quota: 40 },
        { slug: 'dircab', name: 'Dircab', quota: 40 },
        { slug: 'coopcab', name: 'CoopCab', quota: 40, requires_approval: true },
      ],
    }),
  });
  admin = await firstAdmin(server);
  await addStaff(server, { email: PARTNER_EMAIL, role: 'partner', partner: 'coopcab', password: PARTNER_PASSWORD });
});

after(async () => {
  if (server) await server.stop();
});

function addStaff(srv, { email, role, partner, password }) {
  const args = ['staff', 'add', '--config', join(srv.dir, 'colloq.toml'), '--data', srv.dataDir,
    '--email', email, '--role', role, ...(partner ? ['--partner', partner] : []), '--password-stdin'];
  return new Promise((resolve, reject) => {
    const child = spawn(colloqBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`colloq staff add exited ${code}: ${output}`))));
    child.stdin.end(`${password}\n`);
  });
}

let counter = 0;
function person(lastName, overrides = {}) {
  counter += 1;
  return {
    first_name: 'Camille',
    last_name: lastName,
    email: `${lastName.toLowerCase().replace(/[^a-z]/g, '')}.${counter}@exemple-mairie.fr`,
    organisation: 'Mairie de Saint-Étienne',
    role: 'Directrice de cabinet',
    ...overrides,
  };
}

async function register(p) {
  const res = await fetch(`${server.url}/api/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...p, consent: true }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, `POST /api/registrations: ${JSON.stringify(body)}`);
  return body;
}

// A staff session opened from Node, to ask the server directly what it holds.
async function apiSession({ email, password }) {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `POST /api/login: ${await res.clone().text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const get = async (path) => {
    const answer = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
    return { status: answer.status, body: answer.status === 200 && /json/.test(answer.headers.get('content-type') || '') ? await answer.json() : null, response: answer };
  };
  return { cookie, get };
}

async function registrationByEmail(session, email) {
  const { status, body } = await session.get(`/api/registrations?q=${encodeURIComponent(email)}`);
  assert.equal(status, 200);
  const found = body.registrations.filter((r) => r.email === email);
  assert.equal(found.length, 1, `exactly one registration for ${email}`);
  return found[0];
}

async function withPage(options, fn) {
  const { context, close } = await launchBrowser(options);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    const result = await fn(page, context);
    const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|422|429)/.test(e));
    assert.deepEqual(unexpected, [], 'no script error or CSP violation on the page');
    return result;
  } finally {
    await close();
  }
}

async function checkAccessibility(page, label) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }));
  const violations = results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
  if (violations.length) console.log(`axe violations on ${label}:\n${violations.join('\n')}`);
  assert.deepEqual(violations, [], `accessibility violations on ${label}`);
}

async function signIn(page, { email, password }) {
  await page.goto(`${server.url}/staff`);
  await page.getByRole('heading', { level: 1, name: 'Connexion à l\'espace organisateurs' }).waitFor();
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await page.locator('#list-status').filter({ hasText: /inscription/ }).waitFor();
}

// Types in the search box and waits for the list to answer for exactly that text.
async function search(page, text) {
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/registrations' && url.searchParams.get('q') === text;
  });
  answered.catch(() => {});
  await page.getByLabel('Rechercher', { exact: true }).fill(text);
  assert.equal((await answered).status(), 200);
  await page.locator('#list-status').filter({ hasText: text }).waitFor();
  return page.locator('#reg-rows tr');
}

function rowOf(page, lastName) {
  return page.locator('#reg-rows tr').filter({ has: page.locator('th', { hasText: lastName }) });
}

test('the login view passes axe-core and explains a refused sign-in', LIMIT, async () => {
  await withPage(DESKTOP, async (page) => {
    await page.goto(`${server.url}/staff`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l\'espace organisateurs' }).waitFor();
    await checkAccessibility(page, 'the staff login view');

    // Empty fields are caught on the page.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Adresse e-mail' }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#login-email-error').innerText(), /adresse e-mail/);

    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await page.getByLabel('Mot de passe').fill('ce-n-est-pas-le-bon-mot-de-passe');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/login'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    assert.equal((await refused).status(), 401);
    const alert = page.getByRole('alert').filter({ hasText: /incorrect/ });
    await alert.waitFor();
    assert.equal(await page.locator('#app-view').isVisible(), false);
    await checkAccessibility(page, 'the staff login view with an error');

    // Too many attempts: the server's sentence and when to try again.
    await page.route('**/api/login', (route) => route.fulfill({
      status: 429,
      contentType: 'application/json',
      headers: { 'Retry-After': '120' },
      body: JSON.stringify({ error: 'too_many_attempts', message: 'Trop de tentatives de connexion. Réessayez dans 2\u00a0minute(s).' }),
    }));
    await page.getByLabel('Mot de passe').fill('encore-un-essai-1234');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: /Trop de tentatives/ }).waitFor();
    assert.match(await page.locator('#login-alert').innerText(), /Vous pourrez réessayer à \d{1,2}\s?h\s?\d{2}/);
  });
});

test('an organiser sees the counts, approves, cancels and corrects registrations', LIMIT, async () => {
  const pending = person('Validation', { first_name: 'Zoé', partner: 'coopcab' });
  const toCancel = person('Annulation', { first_name: 'Bastien', partner: 'dextera' });
  const toCorrect = person('Corection', { first_name: 'Chloé', organisation: 'Conseil départemental du Gers' });
  assert.equal((await register(pending)).status, 'pending');
  assert.equal((await register(toCancel)).status, 'confirmed');
  assert.equal((await register(toCorrect)).status, 'confirmed');
  const api = await apiSession(admin);
  const stats = (await api.get('/api/stats')).body;

  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Espace organisateurs' }).waitFor();
    assert.match(await page.locator('#who').innerText(), /Organisateur/);
    assert.match(await page.locator('#who').innerText(), new RegExp(admin.email.replace(/\./g, '\\.')));

    // The counts, by status and by partner, as the server has them.
    await page.locator('#counts-updated').filter({ hasText: /Mis à jour/ }).waitFor();
    assert.equal(await page.locator('#count-pending').innerText(), String(stats.by_status.pending));
    assert.equal(await page.locator('#count-confirmed').innerText(), String(stats.by_status.confirmed));
    assert.match(await page.locator('#count-remaining-label').innerText(), /places restantes sur 100/);
    const coopcab = page.locator('#partner-rows tr').filter({ hasText: 'CoopCab' });
    assert.equal(await coopcab.count(), 1);
    assert.equal((await coopcab.locator('td').nth(2).innerText()).trim(), String(stats.partners.find((p) => p.slug === 'coopcab').pending));

    // Find the pending person and approve them.
    let rows = await search(page, 'Validation');
    assert.equal(await rows.count(), 1);
    const row = rowOf(page, 'Validation');
    assert.equal((await row.locator('td[data-label="Statut"]').innerText()).trim(), 'En attente de validation');
    assert.equal((await row.locator('td[data-label="Association"]').innerText()).trim(), 'CoopCab');
    assert.equal((await row.locator('td[data-label="Prénom"]').innerText()).trim(), 'Zoé');
    assert.match(await row.locator('td[data-label="Inscrit le"]').innerText(), /^\d{1,2} \S+ \d{4} à \d{1,2}\s?h\s?\d{2}$/);
    assert.equal((await row.locator('td[data-label="Entrée"]').innerText()).trim(), 'Pas encore');
    await row.getByRole('button', { name: /^Valider/ }).click();
    await row.locator('td[data-label="Statut"]').filter({ hasText: /^Confirmée$/ }).waitFor();
    assert.match(await page.locator('#action-status').innerText(), /Zoé Validation validée/);
    assert.equal(await row.getByRole('button', { name: /^Valider/ }).count(), 0, 'no approve button once confirmed');
    assert.equal((await registrationByEmail(api, pending.email)).status, 'confirmed', 'the server agrees');
    await page.locator('#count-pending').filter({ hasText: String(stats.by_status.pending - 1) }).waitFor();

    // Cancelling asks first; « Non » keeps the registration.
    await search(page, 'Annulation');
    const cancelRow = rowOf(page, 'Annulation');
    await cancelRow.getByRole('button', { name: /^Annuler/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Annuler cette inscription/ });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Bastien Annulation/);
    await dialog.getByRole('button', { name: 'Non, la garder' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await cancelRow.locator('td[data-label="Statut"]').innerText()).trim(), 'Confirmée');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'cancel', 'focus returns to the button');
    assert.equal((await registrationByEmail(api, toCancel.email)).status, 'confirmed');

    await cancelRow.getByRole('button', { name: /^Annuler/ }).click();
    await dialog.getByRole('button', { name: 'Oui, annuler l\'inscription' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await cancelRow.locator('td[data-label="Statut"]').filter({ hasText: /^Annulée$/ }).waitFor();
    assert.equal(await cancelRow.getByRole('button', { name: /^Annuler/ }).count(), 0);
    assert.equal((await registrationByEmail(api, toCancel.email)).status, 'cancelled', 'the server agrees');

    // Correcting a name: the server's message sits next to the field, then the fix shows in the list.
    rows = await search(page, 'Corection');
    assert.equal(await rows.count(), 1);
    await rowOf(page, 'Corection').getByRole('button', { name: /^Corriger/ }).click();
    const edit = page.getByRole('dialog', { name: /Corriger l'inscription de Chloé Corection/ });
    await edit.waitFor();
    const lastName = edit.getByLabel('Nom', { exact: true });
    assert.equal(await lastName.inputValue(), 'Corection');
    await lastName.fill('');
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await edit.getByRole('button', { name: 'Enregistrer la correction' }).click();
    const refusal = await refused;
    assert.equal(refusal.status(), 422);
    const { message, field } = await refusal.json();
    assert.equal(field, 'last_name');
    const fieldError = page.locator('#edit-last_name-error');
    await fieldError.waitFor({ state: 'visible' });
    assert.equal((await fieldError.innerText()).trim(), message);
    assert.equal(await lastName.getAttribute('aria-invalid'), 'true');
    assert.match(await lastName.getAttribute('aria-describedby'), /edit-last_name-error/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'edit-last_name');
    await checkAccessibility(page, 'the correction dialog with an error');

    // Two faults at once: both shown, the focus on the first.
    const role = edit.getByLabel('Fonction');
    const originalRole = await role.inputValue();
    await role.fill('');
    await edit.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.locator('#edit-role-error').waitFor({ state: 'visible' });
    assert.equal(await fieldError.isVisible(), true, 'the name keeps its error');
    assert.equal(await role.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'edit-last_name');
    await role.fill(originalRole);

    await lastName.fill('Correction');
    await edit.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await edit.waitFor({ state: 'hidden' });
    await page.locator('#reg-rows th').filter({ hasText: /^Correction$/ }).waitFor();
    assert.match(await page.locator('#action-status').innerText(), /Chloé Correction corrigée/);
    const corrected = await registrationByEmail(api, toCorrect.email);
    assert.equal(corrected.last_name, 'Correction', 'the server agrees');

    // The audit trail shows the three actions, newest first.
    const audit = page.locator('#audit-rows');
    await audit.locator('tr').first().filter({ hasText: 'Correction' }).waitFor();
    const auditText = await audit.innerText();
    for (const word of ['Validation', 'Annulation', 'Correction', admin.email]) assert.ok(auditText.includes(word), `audit shows ${word}`);

    // The whole list, with its actions, counts and audit trail.
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.locator('#list-status').filter({ hasText: /^\d+\sinscriptions\.$/ }).waitFor();
    await checkAccessibility(page, 'the signed-in staff view (organiser)');

    // A reload keeps the session and the filters.
    await page.getByLabel('Statut', { exact: true }).selectOption('cancelled');
    await page.locator('#list-status').filter({ hasText: /^1 inscription\.$/ }).waitFor();
    await page.reload();
    await page.locator('#app-view').waitFor({ state: 'visible' });
    assert.equal(await page.getByLabel('Statut', { exact: true }).inputValue(), 'cancelled');
    await page.locator('#list-status').filter({ hasText: /^1 inscription\.$/ }).waitFor();
    assert.equal(await rowOf(page, 'Annulation').count(), 1);
    // A cancelled registration has no badge to re-issue nor link to send again.
    assert.equal(await rowOf(page, 'Annulation').getByRole('button', { name: /^(Corriger|Renvoyer)/ }).count(), 0);
    // Resending works after the reload, so the CSRF token survived it.
    await page.getByLabel('Statut', { exact: true }).selectOption('');
    await rowOf(page, 'Correction').waitFor();
    const resent = page.waitForResponse((r) => r.url().endsWith('/resend'));
    await rowOf(page, 'Correction').getByRole('button', { name: /^Renvoyer l'e-mail/ }).click();
    assert.equal((await resent).status(), 200);
    await page.locator('#action-status').filter({ hasText: /E-mail renvoyé/ }).waitFor();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connexion à l\'espace organisateurs' }).waitFor();
    assert.equal(await page.locator('#reg-rows tr').count(), 0, 'nothing stays on the page after signing out');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Connexion à l\'espace organisateurs' }).waitFor();
  });
});

test('partner staff see only their own association\'s registrations, on a phone', LIMIT, async () => {
  const mine = person('Cooperative', { first_name: 'Inès', partner: 'coopcab' });
  const theirs = person('Dexterite', { first_name: 'Hugo', partner: 'dextera' });
  const other = person('Dircabinet', { first_name: 'Léa', partner: 'dircab' });
  const publicOne = person('Publique', { first_name: 'Noé' });
  for (const p of [mine, theirs, other, publicOne]) await register(p);

  await withPage({}, async (page) => {
    await signIn(page, { email: PARTNER_EMAIL, password: PARTNER_PASSWORD });
    await page.getByRole('heading', { level: 1, name: /Espace partenaires\s–\sCoopCab/ }).waitFor();
    assert.match(await page.locator('#who').innerText(), /Association CoopCab/);

    const associations = await page.locator('#reg-rows td[data-label="Association"]').allInnerTexts();
    assert.ok(associations.length >= 1, 'the partner sees its registrations');
    assert.deepEqual([...new Set(associations.map((a) => a.trim()))], ['CoopCab'], 'only CoopCab registrations are listed');
    const names = await page.locator('#reg-rows th').allInnerTexts();
    assert.ok(names.includes('Cooperative'));
    for (const hidden of ['Dexterite', 'Dircabinet', 'Publique']) assert.ok(!names.includes(hidden), `${hidden} is not listed`);
    assert.equal(await page.locator('#filter-partner').isVisible(), false, 'the association filter is hidden');
    assert.equal(await page.getByRole('combobox', { name: 'Association' }).count(), 0, 'no association field for a partner');
    assert.equal(await page.locator('#audit-section').isVisible(), false, 'the audit trail is for organisers only');

    // Searching for another association's person finds nothing.
    const rows = await search(page, 'Dexterite');
    assert.equal(await rows.count(), 0);
    assert.match(await page.locator('#list-status').innerText(), /Aucune inscription/);

    // The counts are the partner's own.
    const partnerRows = await page.locator('#partner-rows tr th').allInnerTexts();
    assert.deepEqual(partnerRows, ['CoopCab']);
    assert.match(await page.locator('#count-remaining-label').innerText(), /pour CoopCab/);

    // On a phone the table reads as cards: no header row, no sideways scrolling.
    await search(page, 'Cooperative');
    const header = await page.locator('#reg-table thead').boundingBox();
    assert.ok(!header || header.height <= 1, 'the header row is only for screen readers');
    assert.equal(await page.locator('#reg-rows tr').first().evaluate((tr) => getComputedStyle(tr).display), 'block');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
    const card = rowOf(page, 'Cooperative');
    assert.equal((await card.locator('td[data-label="Statut"]').innerText()).trim(), 'En attente de validation');
    assert.equal(await card.locator('td[data-label="Statut"]').evaluate((td) => getComputedStyle(td, '::before').content),
      '"Statut\u00a0: "', 'each value is labelled on the card');
    await card.getByRole('button', { name: /^Valider/ }).click();
    await card.locator('.badge').filter({ hasText: /^Confirmée$/ }).waitFor();
    await checkAccessibility(page, 'the signed-in staff view (partner, phone)');

    // A session the server no longer knows brings the sign-in form back, with the reason, and clears the list.
    await page.context().clearCookies();
    await page.getByLabel('Statut', { exact: true }).selectOption('confirmed');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l\'espace organisateurs' }).waitFor();
    assert.match(await page.locator('#login-alert').innerText(), /session a expiré/);
    assert.equal(await page.locator('#reg-rows tr').count(), 0);
    await checkAccessibility(page, 'the staff login view after the session ended (phone)');
  });
});

test('the CSV export button downloads the list with the current filters', LIMIT, async (t) => {
  const api = await apiSession(admin);
  const probe = await api.get('/api/exports/registrations.csv');
  if (probe.status === 404) {
    t.skip('GET /api/exports/registrations.csv answers 404: the export route is not in this server yet');
    return;
  }
  assert.equal(probe.status, 200, 'GET /api/exports/registrations.csv');
  const kept = person('Exportee', { first_name: 'Maëlle', partner: 'dircab' });
  const dropped = person('Retiree', { first_name: 'Jules', partner: 'dircab' });
  await register(kept);
  const cancelled = await register(dropped);
  await fetch(`${server.url}${new URL(cancelled.manage_url).pathname.replace(/^\/m\//, '/api/manage/')}/cancel`, { method: 'POST' });

  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    await page.getByLabel('Statut', { exact: true }).selectOption('confirmed');
    await page.getByRole('combobox', { name: 'Association', exact: true }).selectOption('dircab');
    await page.locator('#list-status').filter({ hasText: /inscription/ }).waitFor();
    const link = page.getByRole('link', { name: /^CSV/ });
    const href = new URL(await link.getAttribute('href'), server.url);
    assert.equal(href.pathname, '/api/exports/registrations.csv');
    assert.equal(href.searchParams.get('status'), 'confirmed');
    assert.equal(href.searchParams.get('partner'), 'dircab');
    const pdf = new URL(await page.getByRole('link', { name: /^Liste d'émargement/ }).getAttribute('href'), server.url);
    assert.equal(pdf.searchParams.get('partner'), 'dircab');
    const xlsx = new URL(await page.getByRole('link', { name: /^Excel/ }).getAttribute('href'), server.url);
    assert.equal(xlsx.searchParams.get('status'), 'confirmed');
    // The other two links name routes the server answers, with the same filters.
    for (const other of [xlsx, pdf]) {
      const { status } = await api.get(`${other.pathname}${other.search}`);
      assert.equal(status, 200, `GET ${other.pathname}${other.search}`);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.includes('Exportee'), 'the confirmed Dircab registration is exported');
    assert.ok(!csv.includes('Retiree'), 'the cancelled one is filtered out');
    assert.ok(!csv.includes('Validation'), 'other associations are filtered out');
  });
});

test('staff register someone from the page: an organiser\'s guest without e-mail, a partner\'s own member', LIMIT, async () => {
  const api = await apiSession(admin);
  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    await page.getByRole('button', { name: 'Inscrire une personne' }).click();
    const dialog = page.locator('#enrol-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'enrol-first_name');

    // Sent empty: each fault under its field, the focus on the first.
    await dialog.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.locator('#enrol-first_name-error').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#enrol-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'enrol-first_name');
    await checkAccessibility(page, 'the registering dialog with its faults');

    await dialog.getByLabel('Prénom').fill('Amélie');
    await dialog.getByLabel('Nom', { exact: true }).fill('Invitée');
    await dialog.getByLabel('Adresse e-mail').fill('amelie.invitee@exemple-senat.fr');
    await dialog.getByLabel('Collectivité ou organisme').fill('Sénat');
    await dialog.getByLabel('Fonction').fill('Sénatrice');
    await dialog.getByLabel('Association').selectOption('coopcab');
    await dialog.getByLabel('Invité de l\'organisateur').check();
    await dialog.getByLabel('Envoyer l\'e-mail à la personne').uncheck();
    await dialog.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const said = await page.locator('#action-status').innerText();
    assert.match(said, /Amélie Invitée \(CoopCab\).*confirmée, invité de l'organisateur/);
    assert.match(said, /Aucun e-mail.*\/m\//, 'the private link to pass on, since no e-mail went');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'enrol-open', 'the focus back on the button');
    await rowOf(page, 'Invitée').locator('.guest').filter({ hasText: 'Invité' }).waitFor();

    const stored = await registrationByEmail(api, 'amelie.invitee@exemple-senat.fr');
    assert.equal(stored.guest, true);
    assert.equal(stored.status, 'confirmed', 'a guest needs no CoopCab approval');
    assert.equal(stored.partner, 'coopcab');
  });

  await withPage({}, async (page) => {
    await signIn(page, { email: PARTNER_EMAIL, password: PARTNER_PASSWORD });
    await page.getByRole('button', { name: 'Inscrire une personne' }).click();
    const dialog = page.locator('#enrol-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.getByLabel('Association').isVisible(), false, 'a partner registers for itself only');
    assert.equal(await dialog.getByLabel('Invité de l\'organisateur').isVisible(), false, 'guests are for organisers');
    await dialog.getByLabel('Prénom').fill('Paul');
    await dialog.getByLabel('Nom', { exact: true }).fill('Telephone');
    await dialog.getByLabel('Adresse e-mail').fill('paul.telephone@exemple-mairie.fr');
    await dialog.getByLabel('Collectivité ou organisme').fill('Mairie de Brest');
    await dialog.getByLabel('Fonction').fill('Chef de cabinet');
    await checkAccessibility(page, 'the registering dialog (partner, phone)');
    await dialog.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(await page.locator('#action-status').innerText(), /Paul Telephone \(CoopCab\).*en attente de validation/);
    assert.doesNotMatch(await page.locator('#action-status').innerText(), /Aucun e-mail/);
  });
  const made = await registrationByEmail(api, 'paul.telephone@exemple-mairie.fr');
  assert.equal(made.partner, 'coopcab');
  assert.equal(made.guest, false);
});

test('an organiser imports a list: a faulty file shows each line to correct, a good one is checked then imported', LIMIT, async () => {
  const header = 'Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire\r\n';
  const faulty = `${header}Importé;Anne;anne.importee@exemple-mairie.fr;Mairie de Lyon;Maire;Dextera\r\n`
    + 'Sans;Adresse;;Mairie de Lyon;Adjoint;\r\n'
    + 'Autre;Asso;autre.asso@exemple-mairie.fr;Mairie de Lyon;Adjoint;Les Amis\r\n';
  const good = `${header}Importé;Anne;anne.importee@exemple-mairie.fr;Mairie de Lyon;Maire;Dextera\r\n`
    + 'Importé;Basile;basile.importe@exemple-mairie.fr;Mairie de Lyon;Adjoint;\r\n';
  const api = await apiSession(admin);
  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    const section = page.locator('#import-section');
    await section.getByLabel('Fichier CSV').setInputFiles({ name: 'invites.csv', mimeType: 'text/csv', buffer: Buffer.from(faulty, 'latin1') });
    await section.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const faults = section.getByRole('table', { name: 'Lignes à corriger' });
    await faults.waitFor();
    const rows = await faults.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['3', 'E-mail'], ['4', 'Association partenaire']]);
    assert.match(await section.locator('#import-summary').innerText(), /2 erreurs : rien n'a été importé/);
    assert.equal(await section.getByRole('button', { name: /^Importer/ }).count(), 0, 'no import while a line is wrong');
    await checkAccessibility(page, 'the import with a faulty file');

    await section.getByLabel('Fichier CSV').setInputFiles({ name: 'invites.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'latin1') });
    await section.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await section.locator('#import-summary').filter({ hasText: /Aucune erreur/ }).waitFor();
    assert.match(await section.locator('#import-summary').innerText(), /2\spersonnes à inscrire.*Windows-1252/);
    assert.equal((await api.get('/api/registrations?q=importe')).body.registrations.length, 0, 'a check writes nothing');
    await section.getByRole('button', { name: /^Importer 2\spersonnes$/ }).click();
    await page.locator('#action-status').filter({ hasText: /Import terminé\s:\s2\spersonnes inscrites/ }).waitFor();
    await rowOf(page, 'Importé').first().waitFor();
  });
  const imported = (await api.get('/api/registrations?q=importe')).body.registrations;
  assert.deepEqual(imported.map((r) => r.first_name).sort(), ['Anne', 'Basile']);
  assert.equal(imported.find((r) => r.first_name === 'Anne').partner, 'dextera');
});

test('an organiser sees the security list as it would be sent, freezes it, and sees what changes after', LIMIT, async () => {
  const listServer = await startServer({
    config: futureEventConfig({
      questions: securityListToml(),
    }),
  });
  try {
    const organiser = await firstAdmin(listServer);
    const send = (p) => fetch(`${listServer.url}/api/registrations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...p, consent: true }),
    });
    assert.equal((await send(person('Envoyée', { first_name: 'Rose' }))).status, 201);
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${listServer.url}/staff`);
      await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(organiser.email);
      await page.getByLabel('Mot de passe').fill(organiser.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const section = page.locator('#security-section');
      await section.getByRole('heading', { name: 'Liste d\'accès – Service de la sécurité du Sénat' }).waitFor();
      assert.match(await section.locator('#security-status').innerText(), /sera arrêtée et transmise le .*\(dans (29|30)\sjours et .*1\spersonne/);
      assert.deepEqual(await section.locator('#security-rows tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent)), ['Envoyée']);
      await checkAccessibility(page, 'the security list before it is sent');

      await section.getByRole('button', { name: 'Arrêter la liste maintenant' }).click();
      await section.locator('#security-status').filter({ hasText: /Version 1 arrêtée le/ }).waitFor();
      assert.match(await page.locator('#action-status').innerText(), /Version 1 de la liste d'accès arrêtée/);
      assert.equal(await section.getByRole('link', { name: /Modifications.*CSV/ }).isVisible(), true);

      assert.equal((await send(person('Tardive', { first_name: 'Iris' }))).status, 201);
      await section.getByRole('button', { name: 'Actualiser la liste' }).click();
      await section.locator('#security-changes').filter({ hasText: /1\sajout, 0\sretrait, 0\scorrection/ }).waitFor();
      await checkAccessibility(page, 'the security list after it was sent');
    });
  } finally {
    await listServer.stop();
  }
});

test('an organiser erases the data of someone who asked by e-mail, after confirming', LIMIT, async () => {
  const asking = person('Effacement', { first_name: 'Inès', partner: 'dextera' });
  assert.equal((await register(asking)).status, 'confirmed');
  const api = await apiSession(admin);
  const before = await registrationByEmail(api, asking.email);

  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    const rows = await search(page, 'Effacement');
    assert.equal(await rows.count(), 1);
    await rowOf(page, 'Effacement').getByRole('button', { name: /Effacer les données de Inès Effacement/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Effacer les données de cette personne ?' });
    await dialog.waitFor();
    assert.match(await dialog.locator('#erase-text').innerText(), /ne peut pas être défaite/);
    await checkAccessibility(page, 'the staff page asking to confirm an erasure');
    // Keeping them first: nothing changes.
    await dialog.getByRole('button', { name: 'Non, les garder' }).click();
    assert.equal((await registrationByEmail(api, asking.email)).last_name, 'Effacement');

    await rowOf(page, 'Effacement').getByRole('button', { name: /Effacer les données/ }).click();
    await dialog.getByRole('button', { name: 'Oui, effacer ses données' }).click();
    await page.locator('#action-status').filter({ hasText: /Données de Inès Effacement effacées/ }).waitFor();
  });
  const { body } = await api.get('/api/registrations?status=cancelled');
  const erased = body.registrations.find((r) => r.id === before.id);
  assert.ok(erased, 'the registration stays, cancelled');
  assert.equal(erased.last_name, '');
  assert.equal(erased.email, '');

  // In the list, the erased row says why its name is empty and offers nothing to do.
  await withPage(DESKTOP, async (page) => {
    await signIn(page, admin);
    await page.getByLabel('Statut', { exact: true }).selectOption('cancelled');
    const row = page.locator(`#reg-rows tr[data-id="${before.id}"]`);
    await row.getByRole('rowheader', { name: 'Données effacées' }).waitFor();
    assert.equal(await row.getByRole('button').count(), 0);
    await checkAccessibility(page, 'the staff list with an erased row');
  });
});
