// JsSIP 3.13.8 in Debian's headless Chromium registers over the running server's WSS and WS
// endpoints, answers the server's OPTIONS probes, and keeps its registration when its connection
// drops: it reconnects, re-registers with the same +sip.instance, and the next probe finds it there.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { harnessPage, launch } from './jssip-harness.mjs';
import { WSS_URL, WS_URL, demoPassword, eventually, metric } from './server.mjs';

let browser;
let jssip;

const HARNESS = `<!doctype html><meta charset="utf-8"><title>JsSIP harness</title>
<script src="jssip.js"></script>
<script>
  // One phone per page, the way the WebPhone app will drive JsSIP.
  window.startPhone = ({ url, user, password, instanceId }) =>
    new Promise((resolve, reject) => {
      const ua = new JsSIP.UA({
        sockets: [new JsSIP.WebSocketInterface(url)],
        uri: 'sip:' + user + '@localhost',
        password,
        instance_id: instanceId,
        register: true,
        register_expires: 300,
        connection_recovery_min_interval: 1,
        connection_recovery_max_interval: 2,
      });
      const phone = (window.phone = { ua, options: [], registrations: [], connections: 0 });
      ua.on('connected', () => phone.connections++);
      ua.on('registered', (e) => {
        phone.registrations.push({ at: Date.now(), contacts: e.response.getHeaders('Contact') });
        resolve(ua.contact.toString());
      });
      ua.on('registrationFailed', (e) => reject(new Error('registration failed: ' + e.cause)));
      ua.on('newOptions', (e) => {
        if (e.originator === 'remote') {
          phone.options.push({ at: Date.now(), connection: phone.connections });
          e.request.reply(200);
        }
      });
      ua.start();
    });
  // What a network change does to a browser: its WebSocket goes away without JsSIP asking.
  window.dropConnection = () => window.phone.ua._transport.socket._ws.close();
</script>`;

before(async () => {
  ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

const phonePage = () => harnessPage(browser, jssip, HARNESS);

async function registerAlice(page, url, instanceId = randomUUID()) {
  return page.evaluate((args) => window.startPhone(args), {
    url,
    user: 'alice',
    password: demoPassword('alice'),
    instanceId,
  });
}

test('JsSIP in Chromium registers alice over wss://localhost:8443/sip', async () => {
  const page = await phonePage();
  const contact = await registerAlice(page, WSS_URL);
  // RFC 7118 §5: a browser names itself with a made-up .invalid host.
  assert.match(contact, /^<sip:\w+@\w+\.invalid;transport=ws>$/);
  await page.evaluate(() => window.phone.ua.stop());
  await page.context().close();
});

test('JsSIP in Chromium registers alice over ws://localhost:8080/sip', async () => {
  const page = await phonePage();
  await registerAlice(page, WS_URL);
  await page.evaluate(() => window.phone.ua.stop());
  await page.context().close();
});

test('the server probes alice over her WebSocket, and after a reconnect over the new one', async () => {
  const page = await phonePage();
  const instanceId = randomUUID();
  await registerAlice(page, WSS_URL, instanceId);

  // The server's OPTIONS reaches her and her answer completes its transaction.
  const answeredBefore = await metric('webphone_sip_probes_answered');
  await eventually(() => page.evaluate(() => window.phone.options.length > 0), 15_000, 'an OPTIONS');
  await eventually(
    async () => (await metric('webphone_sip_probes_answered')) > answeredBefore,
    10_000,
    'the server to count her answer',
  );

  // Her connection drops; JsSIP reconnects and registers again with the same instance.
  await page.evaluate(() => window.dropConnection());
  await eventually(
    () => page.evaluate(() => window.phone.connections === 2 && window.phone.registrations.length >= 2),
    15_000,
    're-registration over a new connection',
  );
  const contacts = await page.evaluate(() => window.phone.registrations.at(-1).contacts);
  const ours = contacts.filter((c) => c.includes(instanceId));
  assert.equal(ours.length, 1, `one binding for her instance: ${contacts.join(' | ')}`);

  // The next probe reaches her over the new connection.
  await eventually(
    () => page.evaluate(() => window.phone.options.some((o) => o.connection === 2)),
    15_000,
    'an OPTIONS over the new connection',
  );
  await page.evaluate(() => window.phone.ua.stop());
  await page.context().close();
});
