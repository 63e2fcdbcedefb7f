// A person's data from their own page, in headless Chromium against a real colloq server:
// erasing it without JavaScript (asked to confirm, the seat going to the next in line, the
// link dead afterwards), the download link, and axe-core on the confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility } from './axe.mjs';
import { person, register } from './door-helpers.mjs';
import { startServer, launchBrowser, futureEventConfig } from './server.mjs';

const LIMIT = { timeout: 90000 };

let server;

before(async () => {
  server = await startServer({ config: futureEventConfig({ capacity: 1 }) });
});

after(async () => {
  if (server) await server.stop();
});

test('an attendee erases their data from their page without JavaScript, and the seat goes on', LIMIT, async () => {
  const gone = await register(server, person('effacee', { last_name: 'Effacée-Partout' }));
  const next = await register(server, person('suivante'));
  assert.equal(next.status, 'waitlisted');

  const withScripts = await launchBrowser();
  try {
    const page = await withScripts.context.newPage();
    await page.goto(`${server.url}/m/${gone.token}?effacer=1`);
    await page.getByRole('button', { name: 'Oui, effacer mes données' }).waitFor();
    await checkAccessibility(page, 'the manage page asking to confirm the erasure');
  } finally {
    await withScripts.close();
  }

  const { context, close } = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/m/${gone.token}`);
    const download = page.getByRole('link', { name: /Télécharger toutes les données conservées sur vous/ });
    assert.equal(await download.getAttribute('href'), `/api/manage/${gone.token}/data`);
    await page.getByRole('link', { name: 'Effacer mes données' }).click();
    await page.getByRole('heading', { name: /Confirmez-vous l'effacement de vos données/ }).waitFor();
    // Changing one's mind keeps everything.
    await page.getByRole('link', { name: 'Non, garder mes données' }).click();
    await page.getByRole('link', { name: 'Effacer mes données' }).waitFor();
    await page.getByRole('link', { name: 'Effacer mes données' }).click();
    await page.getByRole('button', { name: 'Oui, effacer mes données' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vos données ont été effacées' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/donnees-effacees');

    const again = await page.goto(`${server.url}/m/${gone.token}`);
    assert.equal(again.status(), 404, 'the private link no longer works');
  } finally {
    await close();
  }

  const status = await (await fetch(`${server.url}/api/manage/${next.token}`)).json();
  assert.equal(status.status, 'confirmed', 'the freed seat went to the next in line');
});
