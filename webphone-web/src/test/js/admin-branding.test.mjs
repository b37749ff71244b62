// Setup → Branding, as an admin uses it in Chromium, and what the phone makes of it: the admin
// names the product, picks colours, uploads a PNG logo and a style sheet and saves (audited); an
// SVG with a script is refused next to its field and nothing changes; the phone, opened again,
// shows the new name, colour and logo, and the installed app's manifest carries them. At the end
// the branding goes back to the defaults the other stories expect.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { adminBrowser, at } from './admin-pages.mjs';
import { HTTP } from './server.mjs';

const LOGO = new URL('../../main/app/src/icon-192.png', import.meta.url).pathname;
let browser;
let admin;

before(async () => {
  ({ browser, admin } = await adminBrowser());
});

after(async () => {
  await browser?.close();
});

async function openBranding() {
  const nav = admin.locator('#nav');
  await nav.getByRole('menuitem', { name: 'Setup' }).hover();
  await nav.getByRole('menuitem', { name: 'Branding', exact: true }).click();
  await admin.waitForURL(at('/admin/branding.xhtml'));
}

const field = (id) => admin.locator(`#branding\\:${id}`);

test('an admin brands the phone: name, colours, a PNG logo and a style sheet; the phone shows them after a reload, and the audit log has the change', async () => {
  await openBranding();
  await field('productName').fill('Acme Phone');
  await field('accentColor').fill('#aa0033');
  await field('logo').setInputFiles(LOGO);
  await field('favicon').setInputFiles(LOGO);
  await field('customCss').fill('.card { border-width: 2px }');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Branding saved').waitFor();
  assert.equal(await admin.locator('.wp-brand-name').textContent(), 'Acme Phone');
  await admin.getByRole('img', { name: 'Acme Phone logo' }).waitFor(); // the preview shows the logo

  const phone = await (await browser.newContext()).newPage();
  await phone.goto(`${HTTP}/`);
  await phone.getByLabel('Username').waitFor();
  assert.equal(await phone.title(), 'Acme Phone');
  assert.equal(await phone.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#aa0033');
  const css = await phone.evaluate(() => document.getElementById('branding-css')?.href);
  assert.match(css, /\/api\/branding\/style\.css\?v=\d+$/);
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.productName, 'Acme Phone');
  const logo = await fetch(`${HTTP}${config.logoUrl}`);
  assert.equal(logo.headers.get('content-type'), 'image/png');
  assert.match(logo.headers.get('content-security-policy'), /sandbox/);
  const manifest = await (await fetch(`${HTTP}/manifest.webmanifest`)).json();
  assert.equal(manifest.name, 'Acme Phone');
  assert.equal(manifest.theme_color, '#aa0033');
  assert.ok(manifest.icons.some((i) => i.src === config.logoUrl), 'the logo is one of the icons');
  assert.ok(manifest.icons.some((i) => i.src === config.faviconUrl && i.sizes === 'any'),
    'so is the favicon');

  await admin.goto(`${HTTP}/admin/audit.xhtml`);
  await admin.getByText('branding.update').first().waitFor();
  await admin.getByText(/name 'Acme Phone', accent #aa0033, .*logo \d+ bytes/).first().waitFor();
});

test('an SVG logo with a script is refused next to its field, and nothing changes', async () => {
  await openBranding();
  const evil = join(tmpdir(), `evil-${Date.now()}.svg`);
  writeFileSync(evil, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  await field('productName').fill('Evil Phone');
  await field('logo').setInputFiles(evil);
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('an SVG with scripts or outside references is not allowed').waitFor();
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.productName, 'Acme Phone', 'nothing saved');
});

test('the branding goes back to the defaults (the logo and the style sheet removed)', async () => {
  await openBranding();
  await field('productName').fill('WebPhone');
  await field('accentColor').fill('#1d4ed8');
  await field('background').fill('#ffffff');
  await admin.locator('#branding\\:removeLogo .ui-chkbox-box').click(); // PrimeFaces draws the box
  await field('customCss').fill('');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Branding saved').waitFor();
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.productName, 'WebPhone');
  assert.equal(config.brandColor, '#1d4ed8');
  assert.equal(config.logoUrl, undefined);
  assert.equal(config.cssUrl, undefined);
});
