// JsSIP 3.13.8 in Debian's headless Chromium: the browser's flags, the library bundled for the page
// (npm's jssip has no browser bundle), and harness pages served by a Playwright route on the
// server's own origin.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { HTTP } from './server.mjs';

const PAGE = `${HTTP}/__jssip-test/`;

// Flags verified on this kind of machine (ARCHITECTURE.md). The harness page is served by a
// Playwright route, hence LocalNetworkAccessChecks off; the server's certificate is self-signed.
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
  '--ignore-certificate-errors',
];

/** Debian's Chromium with the flags above, and JsSIP bundled once for the harness pages. */
export async function launch() {
  const bundle = await build({
    entryPoints: [new URL('node_modules/jssip/lib/JsSIP.js', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'JsSIP',
    platform: 'browser',
    write: false,
  });
  const jssip = bundle.outputFiles[0].text;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  return { browser, jssip };
}

/** A fresh context whose page is `html` (which loads `jssip.js`) on the server's origin. */
export async function harnessPage(browser, jssip, html) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.route(`${PAGE}**`, (route) => {
    const js = route.request().url().endsWith('jssip.js');
    route.fulfill({ contentType: js ? 'text/javascript' : 'text/html', body: js ? jssip : html });
  });
  await page.goto(PAGE);
  return page;
}
