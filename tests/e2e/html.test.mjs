// Every page colloq serves is valid HTML for the W3C Nu checker: as the server sends it
// (what a browser without JavaScript shows), in each of its states, and as its scripts leave
// it once filled (the staff list, the door, the form's errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, futureEventConfig, securityListToml, SAMPLE_QUESTIONS } from './server.mjs';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addStaff, apiSession, attendee, person, register } from './door-helpers.mjs';
import { htmlErrors } from './w3c.mjs';

const LIMIT = { timeout: 180000 };
const DESKTOP = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

let server;
// The required question answered, and one more.
const ANSWERS = { answers: { taille: 'Moins de 10 000 habitants', ateliers: ['Outils'] } };


before(async () => {
  server = await startServer({
    config: futureEventConfig({
      capacity: 2,
      partners: [
        { slug: 'dextera', name: 'Dextera' },
        { slug: 'coopcab', name: 'CoopCab', requires_approval: true },
      ],
      questions: SAMPLE_QUESTIONS + securityListToml(),
    }),
  });
});

after(async () => {
  if (server) await server.stop();
});

async function page(path, init) {
  const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

function form(fields) {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

test('every page as the server sends it passes the W3C Nu checker', LIMIT, async () => {
  const documents = [];
  const keep = (name, expectedStatus, answer) => {
    assert.equal(answer.status, expectedStatus, `${name}: status`);
    documents.push({ name, html: answer.html });
  };

  keep('registration page', 200, await page('/'));
  keep('partner registration page', 200, await page('/p/coopcab'));
  keep('unknown partner', 404, await page('/p/inconnue'));
  keep('privacy notice', 200, await page('/confidentialite'));
  keep('staff page', 200, await page('/staff'));
  keep('door page', 200, await page('/door'));
  keep('form with errors', 422, await page('/register', form({ first_name: '', email: 'pas-une-adresse' })));
  keep('unreadable form', 400, await page('/register', { ...form({}), body: 'first_name=%zz' }));
  keep('unknown private link', 404, await page('/m/inconnu'));

  const sent = await page('/register', form({ ...person('formulaire'), consent: 'true', 'answers.taille': 'Plus de 10 000 habitants' }));
  assert.equal(sent.status, 303, 'a valid form answers 303');
  keep('private page, confirmed', 200, await page(sent.location));
  keep('private page, confirming the cancellation', 200, await page(`${sent.location}?annuler`));
  keep('private page, confirming the erasure', 200, await page(`${sent.location}?effacer=1`));
  keep('data erased', 200, await page('/donnees-effacees'));
  assert.equal((await page(`${sent.location}/cancel`, { method: 'POST' })).status, 303);
  keep('private page, cancelled', 200, await page(sent.location));

  const pending = await register(server, person('attente-validation', { partner: 'coopcab', ...ANSWERS }));
  keep('private page, awaiting approval', 200, await page(`/m/${pending.token}`));
  const first = person('premier', ANSWERS);
  await register(server, first);
  await register(server, person('second', ANSWERS));
  const waiting = await register(server, person('liste-attente', ANSWERS));
  assert.equal(waiting.status, 'waitlisted');
  keep('private page, waiting list', 200, await page(`/m/${waiting.token}`));
  keep('registration page, event full', 200, await page('/'));
  const { answers, ...firstFields } = first;
  keep('already registered', 409, await page('/register', form({ ...firstFields, consent: 'true', 'answers.taille': answers.taille })));

  const errors = await htmlErrors(documents);
  assert.deepEqual(errors, [], `the Nu checker's errors:\n${errors.join('\n')}`);
});

test('the pages as their scripts leave them pass the W3C Nu checker', LIMIT, async () => {
  const admin = await addStaff(server, { email: 'organisation@example.org', role: 'admin', password: 'mot-de-passe-organisation' });
  const documents = [];
  const { context, close } = await launchBrowser(DESKTOP);
  try {
    const tab = await context.newPage();
    tab.setDefaultTimeout(15000);

    await tab.goto(`${server.url}/`);
    await tab.getByRole('button', { name: /inscri/i }).click();
    await tab.locator('[aria-invalid="true"]').first().waitFor();
    documents.push({ name: 'registration page with its errors shown', html: await tab.content() });

    await tab.goto(`${server.url}/staff`);
    await tab.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await tab.getByLabel('Mot de passe').fill(admin.password);
    await tab.getByRole('button', { name: 'Se connecter' }).click();
    await tab.locator('#list-status').filter({ hasText: /inscription/ }).waitFor();
    await tab.locator('#security-rows tr').first().waitFor();
    documents.push({ name: 'staff page with its list and the security list', html: await tab.content() });

    await tab.getByRole('button', { name: 'Inscrire une personne' }).click();
    await tab.locator('#enrol-dialog').getByRole('button', { name: 'Inscrire', exact: true }).click();
    await tab.locator('#enrol-first_name-error').waitFor({ state: 'visible' });
    documents.push({ name: 'staff page, registering dialog with its faults', html: await tab.content() });
    await tab.locator('#enrol-dialog').getByRole('button', { name: 'Fermer sans inscrire' }).click();

    await tab.getByLabel('Fichier CSV').setInputFiles({
      name: 'invites.csv', mimeType: 'text/csv', buffer: Buffer.from('Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\nSans;Adresse;;Mairie;Maire\n'),
    });
    await tab.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await tab.locator('#import-fault-rows tr').first().waitFor();
    documents.push({ name: 'staff page, an import with its faulty lines', html: await tab.content() });

    await tab.locator('#charts svg').first().waitFor();
    await tab.getByLabel('Objet', { exact: true }).fill('Changement de salle');
    await tab.getByRole('button', { name: 'Prévisualiser' }).click();
    await tab.locator('#mailing-preview-text').filter({ hasText: /Bonjour/ }).waitFor();
    documents.push({ name: 'staff page, its charts and a mailing preview', html: await tab.content() });

    await tab.getByRole('button', { name: 'Arrêter la liste maintenant' }).click();
    await tab.locator('#security-status').filter({ hasText: /Version 1/ }).waitFor();
    documents.push({ name: 'staff page, the security list frozen', html: await tab.content() });
    const late = await register(server, person('tardive', ANSWERS));
    const latePage = await fetch(`${server.url}/m/${late.token}`);
    documents.push({ name: 'manage page of a name added after the list was sent', html: await latePage.text() });

    await tab.goto(`${server.url}/door`);
    await tab.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await tab.getByLabel('Mot de passe').fill(admin.password);
    await tab.getByRole('button', { name: 'Se connecter' }).click();
    await tab.locator('#door-view').waitFor({ state: 'visible' });
    await tab.waitForFunction(() => /Dernière synchronisation/.test(document.getElementById('sync-status').textContent));
    documents.push({ name: 'door page, signed in', html: await tab.content() });
  } finally {
    await close();
  }

  const errors = await htmlErrors(documents);
  assert.deepEqual(errors, [], `the Nu checker's errors:\n${errors.join('\n')}`);
});

test('the pages after the event pass the W3C Nu checker: the certificate offered, its check page', LIMIT, async () => {
  const ended = await startServer({ config: futureEventConfig({ daysAhead: -1 }) });
  try {
    const door = await addStaff(ended, { email: 'accueil@example.org', role: 'door', password: 'mot-de-passe-accueil' });
    const came = await attendee(ended, 'venue');
    await (await apiSession(ended, door)).post('/api/checkin', { ticket: came.ticket });
    const documents = [];
    const manage = await fetch(`${ended.url}/m/${came.token}`);
    const manageHtml = await manage.text();
    assert.match(manageHtml, /certificate\.pdf/);
    documents.push({ name: 'private page after the event, with the certificate', html: manageHtml });

    const pdf = await fetch(`${ended.url}/m/${came.token}/certificate.pdf`);
    assert.equal(pdf.status, 200);
    const file = join(ended.dir, 'attestation.pdf');
    await writeFile(file, Buffer.from(await pdf.arrayBuffer()));
    const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
    const code = /Code de vérification\s*:\s*(\S+)/.exec(stdout)[1];
    const check = await fetch(`${ended.url}/attestation/${code}`);
    assert.equal(check.status, 200);
    documents.push({ name: 'certificate check page', html: await check.text() });
    const forged = await fetch(`${ended.url}/attestation/${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`);
    assert.equal(forged.status, 404);
    documents.push({ name: 'certificate check page, unknown code', html: await forged.text() });
    const errors = await htmlErrors(documents);
    assert.deepEqual(errors, [], `the Nu checker's errors:\n${errors.join('\n')}`);
  } finally {
    await ended.stop();
  }
});
