// The configured questions on a phone, with and without JavaScript: labelled, grouped, each
// fault under its question, the answers kept and shown back; axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, futureEventConfig, SAMPLE_QUESTIONS } from './server.mjs';
import { checkAccessibility } from './axe.mjs';
import { addStaff } from './door-helpers.mjs';
import { htmlErrors } from './w3c.mjs';

const LIMIT = { timeout: 120000 };

let server;
let counter = 0;

before(async () => {
  server = await startServer({ config: futureEventConfig({ questions: SAMPLE_QUESTIONS }) });
});

after(async () => {
  if (server) await server.stop();
});

async function fillPerson(page, tag) {
  counter += 1;
  const email = `${tag}.${Date.now().toString(36)}.${counter}@exemple-mairie.fr`;
  await page.getByLabel('Prénom').fill('Camille');
  await page.getByLabel('Nom (tel qu\'il figure sur votre pièce d\'identité)').fill('Durand');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Collectivité ou organisme').fill('Mairie de Lyon');
  await page.getByLabel('Fonction').fill('Directrice de cabinet');
  await page.getByLabel(/J'accepte que mes données soient traitées/).check();
  return email;
}

async function answerQuestions(page) {
  await page.getByLabel('Avez-vous des besoins d\'accessibilité ? (facultatif)').fill('Boucle magnétique');
  await page.getByRole('group', { name: 'Taille de votre collectivité' }).getByLabel('Plus de 10 000 habitants').check();
  await page.getByRole('group', { name: /Ateliers/ }).getByLabel('Éthique').check();
  await page.getByRole('group', { name: /Ateliers/ }).getByLabel('Outils').check();
  await page.getByLabel('Je reste au déjeuner (facultatif)').check();
  await page.getByLabel('Date d\'arrivée à Paris (facultatif)').fill('2030-10-09');
}

const EXPECTED = {
  accessibilite: 'Boucle magnétique',
  taille: 'Plus de 10 000 habitants',
  ateliers: ['Éthique', 'Outils'],
  dejeuner: true,
  arrivee: '2030-10-09',
};

async function answersOf(manageUrl) {
  const token = new URL(manageUrl, server.url).pathname.split('/m/')[1];
  const res = await fetch(`${server.url}/api/manage/${token}`);
  return (await res.json()).answers;
}

// Without the page's script the form posts natively to /register, as without JavaScript, while
// the test can still run axe-core and switch off the browser's own checks.
for (const javaScriptEnabled of [true, false]) {
  test(`${javaScriptEnabled ? 'with' : 'without'} the page's script, a missing answer is shown under its question and the answers are kept`, LIMIT, async () => {
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10000);
      if (!javaScriptEnabled) await page.route('**/static/register.js', (route) => route.abort());
      await page.goto(`${server.url}/`);
      await fillPerson(page, javaScriptEnabled ? 'questions-js' : 'questions-sans-js');
      // The browser's own check would stop the form: the server's answer is what is tested here.
      await page.evaluate(() => { document.getElementById('registration-form').noValidate = true; });
      await page.getByRole('button', { name: 'S\'inscrire' }).click();
      const error = page.locator('#q-taille-error');
      await error.waitFor();
      assert.match(await error.textContent(), /Choisissez|Répondez/);
      assert.equal(await page.locator('#q-taille').getAttribute('aria-invalid'), 'true');
      await checkAccessibility(page, 'the form with a missing answer');
      if (!javaScriptEnabled) {
        const errors = await htmlErrors([{ name: 'form with a missing answer', html: await page.content() }]);
        assert.deepEqual(errors, []);
      }

      await answerQuestions(page);
      await page.getByRole('button', { name: 'S\'inscrire' }).click();
      let manageUrl;
      if (javaScriptEnabled) {
        const link = page.getByRole('link', { name: 'Gérer mon inscription' });
        await link.waitFor();
        manageUrl = await link.getAttribute('href');
      } else {
        await page.waitForURL(/\/m\//);
        manageUrl = page.url();
      }
      assert.deepEqual(await answersOf(manageUrl), EXPECTED);

      await page.goto(new URL(new URL(manageUrl).pathname, server.url).href);
      const shown = page.getByRole('region', { name: 'Vos réponses' });
      await shown.waitFor();
      assert.match(await shown.textContent(), /Éthique ; Outils/);
      await checkAccessibility(page, 'the manage page with answers');
    } finally {
      await close();
    }
  });
}

test('staff correct an answer from the correction dialog, which shows each question', LIMIT, async () => {
  const body = {
    first_name: 'Chloé', last_name: 'Correctrice', email: `correction.${Date.now().toString(36)}@exemple-mairie.fr`,
    organisation: 'Mairie de Lyon', role: 'Directrice de cabinet', consent: true,
    answers: { taille: 'Moins de 10 000 habitants', ateliers: ['Outils'] },
  };
  const res = await fetch(`${server.url}/api/registrations`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 201);
  const { manage_url: manageUrl } = await res.json();
  const admin = await addStaff(server, { email: 'organisation@example.org', role: 'admin', password: 'mot-de-passe-organisation' });

  const { context, close } = await launchBrowser({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    await page.goto(`${server.url}/staff`);
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const row = page.locator('#reg-rows tr').filter({ has: page.locator('th', { hasText: 'Correctrice' }) });
    await row.waitFor();
    await row.locator('summary', { hasText: 'Réponses' }).click();
    assert.match(await row.locator('dl.answers').textContent(), /Taille de votre collectivité.*Moins de 10 000 habitants/);

    await row.getByRole('button', { name: /^Corriger/ }).click();
    const edit = page.getByRole('dialog', { name: /Corriger l'inscription de Chloé Correctrice/ });
    await edit.waitFor();
    const taille = edit.getByRole('group', { name: 'Taille de votre collectivité' });
    assert.equal(await taille.getByLabel('Moins de 10 000 habitants').isChecked(), true);
    await taille.getByLabel('Plus de 10 000 habitants').check();
    await edit.getByRole('group', { name: /Ateliers/ }).getByLabel('Outils').uncheck();
    await checkAccessibility(page, 'the correction dialog with the questions');
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await edit.getByRole('button', { name: 'Enregistrer la correction' }).click();
    assert.equal((await saved).status(), 200);
    await edit.waitFor({ state: 'hidden' });

    // The sign-in sheet lists an answer only when it is ticked.
    const sheet = page.getByRole('link', { name: /^Liste d'émargement/ });
    assert.ok(!(await sheet.getAttribute('href')).includes('questions='));
    await page.getByRole('group', { name: /Réponses à faire figurer/ }).getByLabel('Taille de votre collectivité').check();
    const href = new URL(await sheet.getAttribute('href'), server.url);
    assert.equal(href.searchParams.get('questions'), 'taille');
    const pdf = await page.request.get(href.toString());
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
  } finally {
    await close();
  }
  assert.deepEqual(await answersOf(manageUrl), { taille: 'Plus de 10 000 habitants' });
});
