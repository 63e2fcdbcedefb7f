// The public registration page in a phone-sized headless Chromium, with and
// without JavaScript, against a real colloq server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, futureEventConfig } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const PAGE_WEIGHT_LIMIT = 50 * 1024;
const LIMIT = { timeout: 60000 };

let server;
let axeSource;

before(async () => {
  axeSource = await readFile(AXE_PATH, 'utf8');
  server = await startServer({ config: futureEventConfig() });
});

after(async () => {
  if (server) await server.stop();
});

let counter = 0;
function uniqueEmail(tag) {
  counter += 1;
  return `${tag}.${Date.now().toString(36)}.${process.pid}.${counter}@exemple-mairie.fr`;
}

function person(tag, overrides = {}) {
  return {
    first_name: 'Camille',
    last_name: 'Dupont-Lefèvre',
    email: uniqueEmail(tag),
    organisation: 'Mairie de Saint-Étienne',
    role: 'Directrice de cabinet',
    ...overrides,
  };
}

// Opens a page in a fresh phone-sized browser; `fn(page, context)` runs the test body.
async function withPage(options, fn) {
  const { context, close } = await launchBrowser(options);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    return await fn(page, context);
  } finally {
    await close();
  }
}

async function fillForm(page, p, { consent = true } = {}) {
  await page.getByLabel('Prénom').fill(p.first_name);
  await page.getByLabel('Nom (tel qu\'il figure sur votre pièce d\'identité)').fill(p.last_name);
  await page.getByLabel('Adresse e-mail').fill(p.email);
  await page.getByLabel('Collectivité ou organisme').fill(p.organisation);
  await page.getByLabel('Fonction').fill(p.role);
  if (p.partner) await page.getByLabel('Association partenaire').selectOption(p.partner);
  if (consent) await page.getByLabel(/J'accepte que mes données soient traitées/).check();
}

async function eventCounts() {
  const res = await fetch(`${server.url}/api/event`);
  assert.equal(res.status, 200, 'GET /api/event');
  const body = await res.json();
  return { confirmed: body.confirmed, waitlisted: body.waitlisted };
}

async function registerByApi(p) {
  const res = await fetch(`${server.url}/api/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...p, consent: true }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, `POST /api/registrations: ${JSON.stringify(body)}`);
  return body;
}

// The manage page as served by this test server, whatever host the link names.
function onServer(href) {
  const target = new URL(href, server.url);
  return `${server.url}${target.pathname}${target.search}`;
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

test('registers with JavaScript and opens the manage page', LIMIT, async () => {
  const p = person('js');
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await fillForm(page, p);
    await page.getByRole('button', { name: 'S\'inscrire' }).click();

    const confirmation = page.locator('#confirmation');
    await confirmation.waitFor({ state: 'visible' });
    assert.match(await confirmation.innerText(), /Inscription confirmée/);
    assert.equal(await page.locator('#registration-form').isVisible(), false, 'the form is hidden');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'confirmation', 'focus moves to the confirmation');

    const link = confirmation.getByRole('link', { name: 'Gérer mon inscription' });
    const href = await link.getAttribute('href');
    assert.match(new URL(href, server.url).pathname, /^\/m\/[^/]+$/);
    if (new URL(href, server.url).origin === server.url) {
      await link.click();
      await page.waitForURL(/\/m\//);
    } else {
      await page.goto(onServer(href));
    }
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Gérer mon inscription' }).waitFor());
    const card = page.locator('.status-card');
    assert.equal(await card.getAttribute('class'), 'status-card confirmed');
    assert.match(await page.locator('main').innerText(), /Inscription confirmée/i);
    assert.match(await page.locator('main').innerText(), /Camille Dupont-Lefèvre/);
  });
});

test('a bad email shows the French error under the field and registers nothing', LIMIT, async () => {
  const p = person('bad', { email: 'camille@' });
  const beforeCounts = await eventCounts();
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    await fillForm(page, p);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/registrations'));
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    assert.equal((await answered).status(), 422);

    const error = page.locator('#email-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /adresse e-mail/i);
    const email = page.getByLabel('Adresse e-mail');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.match(await email.getAttribute('aria-describedby'), /\bemail-error\b/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'focus moves to the email field');
    assert.equal(await page.locator('#confirmation').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'S\'inscrire' }).isEnabled(), true);
    await checkAccessibility(page, '/ with an error (JavaScript)');

    // Correcting the address clears the error and registers.
    await email.fill(uniqueEmail('fixed'));
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    await page.locator('#confirmation').waitFor({ state: 'visible' });
    assert.equal(await error.isVisible(), false);
  });
  const afterCounts = await eventCounts();
  assert.equal(afterCounts.confirmed + afterCounts.waitlisted,
    beforeCounts.confirmed + beforeCounts.waitlisted + 1, 'only the corrected registration is stored');
});

test('an empty form shows every missing field at once, summed up above the form', LIMIT, async () => {
  const fields = ['first_name', 'last_name', 'email', 'organisation', 'role', 'consent'];
  const beforeCounts = await eventCounts();
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/registrations'));
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    assert.equal((await answered).status(), 422);

    const summary = page.locator('#form-errors .error-summary');
    await summary.waitFor({ state: 'visible' });
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.deepEqual(await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      fields.map((f) => `#${f}`), 'one link per field, in form order');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary', 'the summary takes the focus');
    for (const f of fields) {
      assert.equal(await page.locator(`#${f}-error`).isVisible(), true, `${f} shows its error`);
      assert.equal(await page.locator(`#${f}`).getAttribute('aria-invalid'), 'true', `${f} is marked invalid`);
    }
    assert.match(await page.locator('#role-error').innerText(), /fonction/i);
    await checkAccessibility(page, '/ with every field missing (JavaScript)');

    // A link of the summary takes the person to its field.
    await summary.getByRole('link', { name: /adresse e-mail/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
  });
  assert.deepEqual(await eventCounts(), beforeCounts);
});

test('an email already registered is told so, without a second registration', LIMIT, async () => {
  const p = person('twice');
  await registerByApi(p);
  const beforeCounts = await eventCounts();
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    await fillForm(page, { ...p, email: `  ${p.email.toUpperCase()} ` });
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/registrations'));
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    assert.equal((await answered).status(), 409);
    const alert = page.locator('#form-alert');
    await alert.waitFor({ state: 'visible' });
    assert.ok((await alert.innerText()).trim().length > 10, 'a sentence explains what happened');
    assert.equal(await page.locator('#confirmation').isVisible(), false);
  });
  assert.deepEqual(await eventCounts(), beforeCounts);
});

test('the registration, manage and privacy pages pass axe-core', LIMIT, async () => {
  const registration = await registerByApi(person('axe'));
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    await checkAccessibility(page, '/');
    await page.goto(onServer(registration.manage_url));
    await page.getByRole('heading', { level: 1, name: 'Gérer mon inscription' }).waitFor();
    await checkAccessibility(page, 'the manage page');
    await page.goto(`${server.url}/confidentialite`);
    await checkAccessibility(page, '/confidentialite');
  });
});

test('without JavaScript the form posts to /register and lands on the manage page', LIMIT, async () => {
  const p = person('nojs');
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${server.url}/`);
    await fillForm(page, p);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/register') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'S\'inscrire' }).click(),
    ]);
    assert.equal(response.status(), 303, 'POST /register answers 303 See Other');
    await page.waitForURL((url) => url.pathname.startsWith('/m/'));
    await page.getByRole('heading', { level: 1, name: 'Gérer mon inscription' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Inscription confirmée/i);
    assert.equal(await page.locator('.status-card').getAttribute('class'), 'status-card confirmed');
  });
});

test('without JavaScript a bad email re-renders the form with the error and the values kept', LIMIT, async () => {
  const p = person('nojs-bad', { email: 'camille@', partner: 'dircab' });
  const beforeCounts = await eventCounts();
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${server.url}/`);
    await fillForm(page, p);
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    await page.waitForLoadState('domcontentloaded');
    const error = page.locator('#email-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /adresse e-mail/i);
    const email = page.getByLabel('Adresse e-mail');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.inputValue(), 'camille@');
    assert.equal(await page.getByLabel('Prénom').inputValue(), p.first_name);
    assert.equal(await page.getByLabel('Nom (tel qu\'il figure sur votre pièce d\'identité)').inputValue(), p.last_name);
    assert.equal(await page.getByLabel('Collectivité ou organisme').inputValue(), p.organisation);
    assert.equal(await page.getByLabel('Fonction').inputValue(), p.role);
    assert.equal(await page.getByLabel('Association partenaire').inputValue(), 'dircab');
    assert.equal(await page.getByLabel(/J'accepte que mes données/).isChecked(), true);
    assert.equal(await page.getByLabel('Prénom').getAttribute('aria-invalid'), 'false');

    // The error summary at the top is an alert that links to the field.
    const summaryLink = page.locator('#form-errors [role="alert"] a[href="#email"], #form-errors a[href="#email"]').first();
    assert.equal(await summaryLink.count(), 1, 'the error summary links to the email field');

    // Several faults come back together, each under its field and in the summary.
    await page.getByLabel('Fonction').fill('');
    await page.getByLabel(/J'accepte que mes données/).uncheck();
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    await page.waitForLoadState('domcontentloaded');
    await page.locator('#role-error').waitFor({ state: 'visible' });
    for (const f of ['email', 'role', 'consent']) {
      assert.equal(await page.locator(`#${f}-error`).isVisible(), true, `${f} shows its error`);
    }
    assert.deepEqual(await page.locator('#form-errors a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      ['#email', '#role', '#consent']);
    assert.equal(await page.getByLabel('Prénom').inputValue(), p.first_name, 'the values are kept again');
  });
  assert.deepEqual(await eventCounts(), beforeCounts);
});

test('the form re-rendered with errors by POST /register passes axe-core', LIMIT, async () => {
  await withPage({}, async (page) => {
    // The page's own script is kept out so the form posts natively, while axe can still run.
    await page.route('**/static/register.js', (route) => route.abort());
    await page.goto(`${server.url}/`);
    await fillForm(page, person('axe-nojs', { email: 'camille@' }), { consent: false });
    await page.getByRole('button', { name: 'S\'inscrire' }).click();
    await page.locator('#email-error').waitFor({ state: 'visible' });
    await checkAccessibility(page, '/register with an error');
  });
});

test('/p/dextera preselects the Dextera association', LIMIT, async () => {
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/p/dextera`);
    const select = page.getByLabel('Association partenaire');
    assert.equal(await select.inputValue(), 'dextera');
    assert.equal((await select.locator('option:checked').innerText()).trim(), 'Dextera');
  });
  await withPage({}, async (page) => {
    await page.goto(`${server.url}/`);
    assert.equal(await page.getByLabel('Association partenaire').inputValue(), '', 'no association on /');
  });
});

test('the registration page weighs less than 50 KB (HTML + CSS + JS)', LIMIT, async () => {
  await withPage({}, async (page) => {
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    let total = 0;
    const lines = [];
    for (const r of responses) {
      const type = r.request().resourceType();
      if (!['document', 'stylesheet', 'script'].includes(type)) continue;
      assert.equal(r.status(), 200, `${r.url()} answers 200`);
      const sizes = await r.request().sizes();
      const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      total += bytes;
      lines.push(`${type} ${new URL(r.url()).pathname}: ${bytes} B`);
    }
    const types = responses.map((r) => r.request().resourceType());
    assert.ok(types.includes('stylesheet'), 'the stylesheet is loaded');
    assert.ok(types.includes('script'), 'the registration script is loaded');
    assert.ok(total < PAGE_WEIGHT_LIMIT, `page weight ${total} B:\n${lines.join('\n')}`);
  });
});

test('waiting list, pending approval and cancelled: the right words and readable colours', LIMIT, async () => {
  const small = await startServer({
    config: futureEventConfig({
      capacity: 1,
      partners: [
        { slug: 'dextera', name: 'Dextera' },
        { slug: 'coopcab', name: 'CoopCab', requires_approval: true },
      ],
    }),
  });
  const post = async (body) => {
    const res = await fetch(`${small.url}/api/registrations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, consent: true }),
    });
    const data = await res.json();
    assert.equal(res.status, 201, JSON.stringify(data));
    return data;
  };
  const onSmall = (href) => `${small.url}${new URL(href, small.url).pathname}`;
  try {
    await withPage({}, async (page) => {
      await page.goto(`${small.url}/`);
      await fillForm(page, person('pending', { partner: 'coopcab' }));
      await page.getByRole('button', { name: 'S\'inscrire' }).click();
      const confirmation = page.locator('#confirmation');
      await confirmation.waitFor({ state: 'visible' });
      assert.match(await confirmation.innerText(), /Inscription en attente de validation par l'association/);
      await page.goto(onSmall(await confirmation.getByRole('link', { name: 'Gérer mon inscription' }).getAttribute('href')));
      assert.equal(await page.locator('.status-card').getAttribute('class'), 'status-card pending');
      await checkAccessibility(page, 'the manage page, pending');
    });

    const first = await post(person('seat'));
    assert.equal(first.status, 'confirmed');

    await withPage({}, async (page) => {
      await page.goto(`${small.url}/`);
      assert.match(await page.locator('.event-facts').innerText(), /Complet/);
      await fillForm(page, person('waiting'));
      await page.getByRole('button', { name: 'S\'inscrire' }).click();
      const confirmation = page.locator('#confirmation');
      await confirmation.waitFor({ state: 'visible' });
      assert.match(await confirmation.innerText(), /Vous êtes en liste d'attente \(position 1\)/);
      await page.goto(onSmall(await confirmation.getByRole('link', { name: 'Gérer mon inscription' }).getAttribute('href')));
      assert.equal(await page.locator('.status-card').getAttribute('class'), 'status-card waitlisted');
      assert.match(await page.locator('main').innerText(), /liste d'attente/i);
      await checkAccessibility(page, 'the manage page, waitlisted');

      // Cancelling the confirmed seat from its own page, without JavaScript in the way.
      await page.goto(onSmall(first.manage_url));
      await page.getByRole('link', { name: 'Annuler mon inscription' }).click();
      await checkAccessibility(page, 'the manage page, confirming the cancellation');
      await page.getByRole('button', { name: /annuler mon inscription/i }).click();
      await page.waitForURL((url) => !url.search.includes('annuler'));
      assert.equal(await page.locator('.status-card').getAttribute('class'), 'status-card cancelled');
      assert.match(await page.locator('main').innerText(), /Inscription annulée/);
      await checkAccessibility(page, 'the manage page, cancelled');
    });
  } finally {
    await small.stop();
  }
});

test('once registration is closed the page says so and a sign-up gets an alert', LIMIT, async () => {
  const closed = await startServer({
    config: futureEventConfig({ registrationClosesAt: new Date(Date.now() - 86400000).toISOString().replace(/\.\d+Z$/, 'Z') }),
  });
  try {
    await withPage({}, async (page) => {
      await page.goto(`${closed.url}/`);
      assert.match(await page.locator('main').innerText(), /inscriptions sont closes/i);
      await fillForm(page, person('closed'));
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/registrations'));
      await page.getByRole('button', { name: 'S\'inscrire' }).click();
      assert.equal((await answered).status(), 403);
      const alert = page.locator('#form-alert');
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.innerText(), /closes/);
      assert.equal(await page.locator('#confirmation').isVisible(), false);
      await checkAccessibility(page, '/ when registration is closed');
    });
  } finally {
    await closed.stop();
  }
});
