// Writing to registrants and the numbers drawn, in headless Chromium against a real colloq
// server: an organiser composes a mailing, sees how many and the preview for a real person,
// sends it and follows its progress; the charts show the registrations with their tables;
// axe-core finds nothing on the page with both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkAccessibility } from './axe.mjs';
import { startServer, launchBrowser, futureEventConfig, firstAdmin } from './server.mjs';

const LIMIT = { timeout: 90000 };
const DESKTOP = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

let server;
let admin;

async function register(firstName, lastName, partner) {
  const res = await fetch(`${server.url}/api/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      first_name: firstName, last_name: lastName, email: `${lastName.toLowerCase()}@exemple-mairie.fr`,
      organisation: 'Mairie de Rodez', role: 'DGS', consent: true, ...(partner ? { partner } : {}),
    }),
  });
  assert.equal(res.status, 201, await res.text());
}

before(async () => {
  server = await startServer({ config: futureEventConfig({ capacity: 3, partners: [{ slug: 'dextera', name: 'Dextera', quota: 2 }] }) });
  admin = await firstAdmin(server);
  await register('Agathe', 'Aubert', 'dextera');
  await register('Basile', 'Bernard');
  await register('Céleste', 'Chevalier');
  await register('Damien', 'Durand');  // waitlisted: capacity 3
});

after(async () => {
  if (server) await server.stop();
});

async function mailingFiles() {
  const names = await readdir(join(server.dataDir, 'mail'));
  return names.filter((n) => n.endsWith('-mailing.eml'));
}

test('an organiser writes to the confirmed registrants, previews, sends and follows the mailing; the charts have their tables', LIMIT, async () => {
  const { context, close } = await launchBrowser(DESKTOP);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    await page.goto(`${server.url}/staff`);
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#app-view').waitFor({ state: 'visible' });

    // The charts: registrations per day against the capacity, statuses by association.
    const timeline = page.getByRole('img', { name: /Inscriptions cumulées .* : 4 \(capacité : 3\)/ });
    await timeline.waitFor();
    assert.equal(await page.locator('#charts svg polyline').count() >= 2, true, 'a line for all and one for Dextera');
    await page.locator('#charts summary').first().click();
    const rows = await page.locator('#charts table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].slice(1), ['4', '0', '4']);
    await page.getByRole('img', { name: /Statuts par association : Dextera, confirmées 1.*Sans association, confirmées 2, liste d'attente 1/ }).waitFor();

    // A fault is shown on its field; nothing is sent.
    const section = page.locator('#mailing-section');
    await section.getByLabel('Objet', { exact: true }).fill('Changement de salle');
    await section.getByLabel('Texte', { exact: true }).fill('Bonjour {{prénom}},');
    await section.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#mailing-body-error').filter({ hasText: /n'est pas un champ connu/ }).waitFor();
    assert.equal(await section.getByLabel('Texte', { exact: true }).getAttribute('aria-invalid'), 'true');

    // The preview: how many, and the e-mail of a real person.
    await section.getByLabel('Texte', { exact: true }).fill('Bonjour {{prenom}} {{nom}},\n\nLe colloque aura lieu salle Clemenceau.\n\nVotre inscription : {{lien}}');
    await section.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.locator('#mailing-count').filter({ hasText: /3\spersonnes/ }).waitFor();
    assert.match(await page.locator('#mailing-preview-text').innerText(), /Bonjour Agathe Aubert,\n\nLe colloque aura lieu salle Clemenceau\./);
    await checkAccessibility(page, 'the staff page with its charts and a mailing preview');
    assert.deepEqual(await mailingFiles(), [], 'a preview sends nothing');

    await section.getByRole('button', { name: /Envoyer à 3\spersonnes/ }).click();
    await page.locator('#mailing-status').filter({ hasText: /3\spersonnes/ }).waitFor();
    const row = page.locator('#mailing-rows tr').first();
    await row.waitFor();
    assert.match(await row.innerText(), /Changement de salle/);
    for (let i = 0; i < 50 && (await mailingFiles()).length < 3; i += 1) await new Promise((r) => { setTimeout(r, 200); });
    assert.equal((await mailingFiles()).length, 3);
    await section.getByRole('button', { name: 'Actualiser', exact: true }).click();
    await page.locator('#mailing-rows tr').first().locator('td[data-label="Envoyés"]').filter({ hasText: '3' }).waitFor();
    await checkAccessibility(page, 'the staff page after a mailing');
    // The refused text above is the one resource Chromium reports as failed (422).
    const unexpected = errors.filter((e) => !/status of 422/.test(e));
    assert.deepEqual(unexpected, [], 'no script error or CSP violation on the page');
  } finally {
    await close();
  }
});
