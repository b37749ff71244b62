// bench/phonebook.sh's measurements (see there): the phone's sync of the load-test phonebook,
// nginx serving the same bytes, and the control panel's search, all from this one process.
// Usage: node bench/phonebook.mjs ROUNDS STATIC_DIR NGINX_URL "NGINX_COMMAND"
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ajax, at, signInAsAdmin } from '../webphone-web/src/test/js/admin-pages.mjs';
import { HTTP, apiToken, demoPassword } from '../webphone-web/src/test/js/server.mjs';

const require = createRequire(new URL('../webphone-web/src/test/js/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [roundsArg, staticDir, nginxUrl, nginxCommand] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1) };
};

/** ROUNDS timed GETs of `url` (with `headers`), each body read whole; fails on another status. */
async function timed(url, headers, status) {
  const ms = [];
  for (let i = 0; i < ROUNDS + 3; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers });
    await r.arrayBuffer();
    if (r.status !== status) throw new Error(`${url}: ${r.status}, expected ${status}`);
    if (i >= 3) ms.push(performance.now() - t0); // the first three warm up the connection and JIT
  }
  return stats(ms);
}

const issued = await apiToken('load1', demoPassword('load'));
if (issued.status !== 200) throw new Error(`no token for load1: ${issued.status}`);
// Identity encoding, as nginx serves the file; gzip is measured on its own line.
const auth = {
  Authorization: `Bearer ${(await issued.json()).access_token}`,
  'Accept-Encoding': 'identity',
};

const t0 = performance.now();
const first = await fetch(`${HTTP}/api/phonebook`, { headers: auth });
const body = Buffer.from(await first.arrayBuffer());
const cold = performance.now() - t0;
const etag = first.headers.get('etag');
const contacts = JSON.parse(body).contacts.length;
console.log(
  `phonebook: ${contacts} contacts, JSON ${body.length} bytes (${(body.length / contacts).toFixed(0)} per contact); first request ${cold.toFixed(0)} ms`,
);
console.log(`webphone  GET /api/phonebook 200: ${JSON.stringify(await timed(`${HTTP}/api/phonebook`, auth, 200))} ms`);
console.log(
  `webphone  GET /api/phonebook 304: ${JSON.stringify(await timed(`${HTTP}/api/phonebook`, { ...auth, 'If-None-Match': etag }, 304))} ms`,
);
// Bytes on the wire with gzip: node:http does not decompress (fetch does, and hides them).
const wire = await new Promise((resolve, reject) => {
  get(`${HTTP}/api/phonebook`, { headers: { ...auth, 'Accept-Encoding': 'gzip' } }, (res) => {
    let n = 0;
    res.on('data', (c) => (n += c.length));
    res.on('end', () => resolve(`${n} bytes, ${res.headers['content-encoding']}`));
  }).on('error', reject);
});
console.log(
  `webphone  GET /api/phonebook 200 gzip (${wire} on the wire): ${JSON.stringify(await timed(`${HTTP}/api/phonebook`, { ...auth, 'Accept-Encoding': 'gzip' }, 200))} ms`,
);

writeFileSync(join(staticDir, 'phonebook.json'), body, { mode: 0o644 });
execSync(nginxCommand);
const ref = `${nginxUrl}/phonebook.json`;
const refEtag = (await fetch(ref)).headers.get('etag');
console.log(`nginx     GET /phonebook.json 200: ${JSON.stringify(await timed(ref, {}, 200))} ms (same bytes, static file)`);
console.log(`nginx     GET /phonebook.json 304: ${JSON.stringify(await timed(ref, { 'If-None-Match': refEtag }, 304))} ms`);

// The control panel: open the load-test phonebook, then search it.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await (await browser.newContext()).newPage();
await signInAsAdmin(page, '/admin/customers.xhtml');
await page.locator('#list\\:search').fill('Load test');
await ajax(page, () => page.locator('#list\\:search').press('End'));
const href = await page.locator('#list\\:table').getByRole('link', { name: 'Load test' }).getAttribute('href');
const customer = new URL(href, HTTP).searchParams.get('id');
const open = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  await page.goto(`${HTTP}/admin/phonebook.xhtml?customer=${customer}`);
  await page.waitForURL(at('/admin/phonebook.xhtml'));
  await page.locator('#contacts\\:table_data tr').first().waitFor();
  open.push(performance.now() - s);
}
console.log(`control panel: open the ${contacts}-contact phonebook (first page of 25): ${JSON.stringify(stats(open))} ms`);
const search = [];
for (const q of ['Contact 09999', 'Company 42', '7946 0123', 'contact12', 'nobody at all', 'Contact 0', '2077']) {
  const field = page.locator('#contacts\\:search');
  await field.fill(q);
  const s = performance.now();
  await ajax(page, () => field.press('End'));
  search.push(performance.now() - s);
}
console.log(`control panel: search (key up → table updated, ${search.length} queries; includes the 300 ms key-up delay): ${JSON.stringify(stats(search))} ms`);
await browser.close();
