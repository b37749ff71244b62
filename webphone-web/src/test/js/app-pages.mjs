// The WebPhone app in Debian's headless Chromium (fake microphone) as the app stories drive it: a
// fresh browser profile per user, signed in through the form at `/`, screenshots to
// target/app-screenshots, and what the page's WebRTC connection received.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { FLAGS } from './jssip-harness.mjs';
import { HTTP, demoPassword, eventually, metric } from './server.mjs';
import { gained } from './browser-phone.mjs';

const SHOTS = new URL('../../../target/app-screenshots/', import.meta.url).pathname;

export class Apps {
  /** Starts Chromium (or, with `launcher`, the browser it gives: a cuttable one). */
  async launch(launcher = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS })) {
    mkdirSync(SHOTS, { recursive: true });
    this.browser = await launcher();
    this.contexts = new Set();
    return this;
  }

  /**
   * Hangs up what every page opened since the last call still has, closes them, and waits for the
   * server to free their media (hung up, not left to the silence timeout).
   */
  async closeAll() {
    for (const c of this.contexts) {
      for (const page of c.pages()) {
        await page
          .evaluate(async () => {
            const phone = document.querySelector('wp-app')?.phone;
            const open = [phone?.session, phone?.parked].filter((s) => s && !s.isEnded());
            // Each BYE must leave before the page closes: wait for its call to end (at most 2 s).
            const ended = open.map(
              (s) => new Promise((r) => { s.once('ended', r); s.once('failed', r); setTimeout(r, 2000); }),
            );
            for (const s of open) s.terminate();
            await Promise.all(ended);
            phone?.signOut();
          })
          .catch(() => {});
      }
    }
    for (const c of this.contexts) await c.close();
    this.contexts.clear();
    await eventually(async () => (await metric('webphone_media_legs')) === 0, 10_000, 'no legs left');
  }

  async close() {
    await this.browser?.close();
  }

  /**
   * A fresh browser profile with the app open at `/` (or `path`, or an absolute URL), its console
   * kept in `page.logs`.
   */
  async open(path = '/', options = {}) {
    const context = await this.browser.newContext(options);
    this.contexts.add(context);
    const page = await context.newPage();
    page.logs = [];
    page.on('console', (m) => page.logs.push(m.text()));
    await page.goto(/^https?:/.test(path) ? path : `${HTTP}${path}`);
    return page;
  }

  /** The app open and signed in as `user`. */
  async signedIn(user, path = '/', options = {}) {
    const page = await this.open(path, options);
    await signIn(page, user);
    await page.getByText(`Signed in as ${user}`).waitFor();
    return page;
  }
}

export async function signIn(page, user, password = demoPassword(user)) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const shot = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png` });

/** Audio packets the page's call on screen has received so far, per SSRC (WebRTC getStats). */
export const received = (page) =>
  page.evaluate(async () => {
    const n = {};
    const pc = document.querySelector('wp-app').phone.session?.connection;
    if (!pc) return n;
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') n[r.ssrc] = r.packetsReceived;
    });
    return n;
  });

/** Each page's call on screen keeps receiving audio: `more` packets within 10 s. */
export async function hearing(pages, more = 50, what = 'audio') {
  const before = await Promise.all(pages.map(received));
  await eventually(
    async () => (await Promise.all(pages.map(received))).every((n, i) => gained(before[i], n) > more),
    10_000,
    what,
  );
}

/** Which tone the app plays ('ringtone', 'ringback' or null) and how loud it is now. */
export const tone = (page) =>
  page.evaluate(() => {
    const tones = document.querySelector('wp-app').tones;
    return { playing: tones.playing, level: tones.level() };
  });
