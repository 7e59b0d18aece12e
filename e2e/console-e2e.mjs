// Browser end-to-end test of the operator console, against the packaged jar started on free ports:
// sign in, generate a token, use it for a SCIM request, find that request in the audit table, deactivate the token
// in the console and see the next SCIM request refused. Takes console screenshots (laptop and phone widths).
// Usage: node e2e/console-e2e.mjs [screenshot dir]   (CHROMIUM=/path/to/chromium to override /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const jar = join(root, 'target/quarkus-app/quarkus-run.jar');
const shots = resolve(process.argv[2] || join(root, 'target/e2e'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN = 'e2e-admin-password';
const TIMEOUT = 15000;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
    s.on('error', fail);
  });
}

function check(condition, message) {
  if (!condition) throw new Error('FAILED: ' + message);
  console.log('ok  ' + message);
}

const adminAuth = 'Basic ' + Buffer.from('admin:' + ADMIN).toString('base64');
async function scim(base, token, path) {
  const r = await fetch(base + '/scim/v2' + path, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/scim+json' } });
  return r.status;
}

/** Resolves once the bridge answers on both ports; rejects if it exits first or the deadline passes. */
async function started(bridge, scimBase, console_, log, deadline) {
  let exited = null;
  bridge.on('exit', (code) => { exited = code; });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error('the bridge exited with ' + exited + ':\n' + readFileSync(log, 'utf8'));
    try {
      const [a, b] = await Promise.all([fetch(scimBase + '/q/health/ready'), fetch(console_ + '/console/')]);
      if (a.status === 200 && b.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250)); // poll interval; the deadline decides
  }
  throw new Error('the bridge did not start in time:\n' + readFileSync(log, 'utf8'));
}

async function main() {
  if (!existsSync(jar)) throw new Error('missing ' + jar + ' (run ./mvnw package first)');
  const [httpPort, mgmtPort] = [await freePort(), await freePort()];
  const work = mkdtempSync(join(tmpdir(), 'bridge-e2e-'));
  const log = join(work, 'bridge.log');
  const bridge = spawn('java', [`-Dquarkus.http.port=${httpPort}`, `-Dquarkus.management.port=${mgmtPort}`,
    `-Dbridge.admin.password=${ADMIN}`, '-Dbridge.logging.json=false', '-jar', jar],
  { cwd: work, stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')] });
  const scimBase = `http://127.0.0.1:${httpPort}`;
  const consoleBase = `http://127.0.0.1:${mgmtPort}`;
  let browser;
  try {
    await started(bridge, scimBase, consoleBase, log, Date.now() + 120000);
    browser = await chromium.launch({ executablePath: browserPath, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const offsite = [];
    page.on('request', (r) => { if (!r.url().startsWith(consoleBase)) offsite.push(r.url()); });

    await page.goto(consoleBase + '/console/');
    await page.getByLabel('Password').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#status-cards dd', { hasText: 'Ready' }).waitFor();
    check(true, 'signed in; the status shows the Ivanti connection ready');

    const connection = 'e2e-okta';
    await page.locator('#connection').fill(connection);
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.waitForFunction(() => document.querySelector('#secret-value').textContent.trim().length > 0);
    const secret = (await page.locator('#secret-value').textContent()).trim();
    check(secret.length > 20, 'a token is generated and shown once');
    const row = page.locator('#token-table tbody tr', { hasText: connection });
    await row.locator('.state', { hasText: 'active' }).waitFor();

    check(await scim(scimBase, secret, '/Users?count=2') === 200, 'the new token is accepted for a SCIM request');
    check(await scim(scimBase, secret, '/Users/no-such-user') === 404, 'a SCIM request for a missing user fails (404)');
    const flushed = await fetch(consoleBase + '/admin/cache/flush', { method: 'POST', headers: { Authorization: adminAuth } });
    check(flushed.status === 200, 'queued audit events written');

    await page.locator('#f-connection').fill(connection);
    await page.getByRole('button', { name: 'Apply' }).click();
    const auditRow = page.locator('#audit-table tbody tr', { hasText: 'Users' }).filter({ hasText: '200' });
    await auditRow.first().waitFor();
    check(await page.locator('#audit-table tbody tr.failure', { hasText: '404' }).count() === 1,
      'the audit table lists the SCIM requests, the failure marked');
    await auditRow.first().click();
    await page.locator('#detail-list dd', { hasText: connection }).waitFor();
    check(await page.locator('#detail-list dt', { hasText: 'Correlation id' }).count() === 1,
      'an event\'s detail shows its correlation id');

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#counters figure', { hasText: connection }).first().waitFor();
    await page.locator('#f-connection').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#audit-table tbody tr').first().waitFor();
    mkdirSync(shots, { recursive: true });
    await page.locator('#detail-close').click().catch(() => {});
    await page.screenshot({ path: join(shots, 'console-laptop.png'), fullPage: true });

    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.locator('.state', { hasText: 'inactive' }).waitFor();
    check(await scim(scimBase, secret, '/Users?count=1') === 401, 'after deactivation in the console the token is refused (401)');

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const p2 = await phone.newPage();
    p2.setDefaultTimeout(TIMEOUT);
    await p2.goto(consoleBase + '/console/');
    await p2.getByLabel('Password').fill(ADMIN);
    await p2.getByRole('button', { name: 'Sign in' }).click();
    await p2.locator('#status-cards dd', { hasText: 'Ready' }).waitFor();
    await p2.locator('#audit-table tbody tr').first().waitFor();
    await p2.screenshot({ path: join(shots, 'console-phone.png'), fullPage: true });
    check(offsite.length === 0, 'the console loaded nothing from outside the bridge');
    console.log('console e2e: OK (screenshots in ' + shots + ')');
  } catch (e) {
    if (browser) {
      for (const c of browser.contexts()) for (const p of c.pages()) {
        mkdirSync(shots, { recursive: true });
        await p.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
      }
    }
    throw e;
  } finally {
    if (browser) await browser.close();
    bridge.kill('SIGTERM');
  }
}

main().catch((e) => { console.error(e.message); console.error('console e2e: FAILED'); process.exitCode = 1; });
