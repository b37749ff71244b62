// The app's first load in Debian's headless Chromium: each round a fresh browser profile (nothing
// cached, no service worker) opens BASE/ and waits for the performance mark the sign-in form sets
// once it takes input ('webphone:login-ready', in ms from the navigation's start). Prints the
// median and 95th percentile of that time, and the bytes transferred (response bodies as they came
// over the wire, compressed where the server compressed, plus headers).
//
//   node bench/app.mjs ROUNDS BASE_URL [LABEL]
import { createRequire } from 'node:module';

const require = createRequire(new URL('../webphone-web/src/test/js/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [rounds = '20', base = 'http://localhost:8080', label = base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const times = [];
let bytes = 0;
let requests = 0;
try {
  for (let i = 0; i < Number(rounds); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => performance.getEntriesByName('webphone:login-ready').length > 0);
    const { ready, transferred, count } = await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ready: performance.getEntriesByName('webphone:login-ready')[0].startTime,
        transferred: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
        count: 1 + resources.length,
      };
    });
    // The first round warms the server (class loading, JIT); it is not counted.
    if (i > 0) times.push(ready);
    bytes = transferred;
    requests = count;
    await context.close();
  }
} finally {
  await browser.close();
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  `${label}: sign-in form ready after ${at(0.5).toFixed(0)} ms median, ${at(0.95).toFixed(0)} ms p95 ` +
    `(${times.length} cold loads); ${(bytes / 1024).toFixed(1)} KB transferred in ${requests} requests`,
);
