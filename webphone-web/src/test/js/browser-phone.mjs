// A JsSIP 3.13.8 phone in a page of Debian's headless Chromium (fake microphone), registered over
// WSS: it answers, declines or lets ring as told, and reports its calls' events and RTP counters.
// Shared by the browser call stories; each story closes what it opened (closeAll in afterEach).
import assert from 'node:assert/strict';
import { harnessPage } from './jssip-harness.mjs';
import { WSS_URL, demoPassword, eventually } from './server.mjs';

export const HARNESS = `<!doctype html><meta charset="utf-8"><title>Phone</title>
<script src="jssip.js"></script>
<script>
  // A phone that registers, and answers, declines or lets ring as told (window.phone.onCall).
  window.startPhone = ({ url, user, password }) =>
    new Promise((resolve, reject) => {
      const ua = new JsSIP.UA({
        sockets: [new JsSIP.WebSocketInterface(url)],
        uri: 'sip:' + user + '@localhost',
        password,
        register: true,
        // As the app's phone (src/main/app/src/phone.js): a lost connection is tried again after
        // 1 s, backing off to 8 s at most.
        connection_recovery_min_interval: 1,
        connection_recovery_max_interval: 8,
      });
      const phone = (window.phone = {
        ua,
        events: [],
        onCall: 'answer',
        session: null,
        sessions: [],
        registrations: 0,
      });
      const track = (session) => {
        phone.session = session;
        phone.sessions.push(session);
        for (const e of ['progress', 'accepted', 'confirmed', 'ended', 'failed', 'hold', 'unhold']) {
          session.on(e, (data) =>
            phone.events.push({ e, cause: data && data.cause, originator: data && data.originator }));
        }
      };
      ua.on('newRTCSession', ({ session, originator }) => {
        track(session);
        if (originator !== 'remote') return;
        if (phone.onCall === 'answer')
          session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
        else if (phone.onCall === 'busy') session.terminate({ status_code: 486 });
      });
      ua.on('registered', () => {
        phone.registrations += 1;
        resolve();
      });
      ua.on('registrationFailed', (e) => reject(new Error('registration failed: ' + e.cause)));
      ua.start();
    });
  window.call = (target, pcConfig = { iceServers: [] }) =>
    window.phone.ua.call('sip:' + target + '@localhost', {
      mediaConstraints: { audio: true, video: false },
      pcConfig,
    });
  // A network that lets no UDP through, as this browser sees it: the UDP candidates of the
  // server's answer never reach its ICE agent (JsSIP's 'sdp' event may rewrite a remote SDP).
  window.callWithoutUdp = (target) => {
    const session = window.call(target);
    session.on('sdp', (e) => {
      if (e.originator === 'remote')
        e.sdp = e.sdp.split('\\r\\n').filter((l) => !/^a=candidate:\\S+ 1 udp /i.test(l)).join('\\r\\n');
    });
  };
  // RTP counters of the call's peer connection: what this phone sent and received, and what it
  // received per SSRC (inbound), since a stream it no longer hears may leave the stats.
  window.rtp = async () => {
    const s = window.phone.session;
    if (!s || !s.connection) return { sent: 0, received: 0, inbound: {} };
    let sent = 0, received = 0;
    const inbound = {};
    (await s.connection.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio') sent += r.packetsSent;
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        received += r.packetsReceived;
        inbound[r.ssrc] = r.packetsReceived;
      }
    });
    return { sent, received, inbound };
  };
  // Whose audio this phone hears: its own sending SSRC, and the SSRCs it receives packets from.
  window.ssrcs = async () => {
    const out = [], heard = [];
    (await window.phone.session.connection.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.push(r.ssrc);
      if (r.type === 'inbound-rtp' && r.kind === 'audio' && r.packetsReceived > 0) heard.push(r.ssrc);
    });
    return { out, heard };
  };
  // The ICE pair the browser selected: where its media goes, and the DTLS state over it.
  window.pair = async () => {
    const stats = await window.phone.session.connection.getStats();
    let transport;
    stats.forEach((r) => { if (r.type === 'transport') transport = r; });
    if (!transport || !transport.selectedCandidatePairId) return null;
    const pair = stats.get(transport.selectedCandidatePairId);
    const remote = stats.get(pair.remoteCandidateId);
    return {
      address: remote.address,
      port: remote.port,
      protocol: remote.protocol,
      dtls: transport.dtlsState,
      srtp: transport.srtpCipher,
    };
  };
</script>`;

// The phones a test opened: closed after it whether it passed or not, so that a failed story
// leaves no registered phone or live call behind to break the next one.
const opened = new Set();

/**
 * A registered phone of `user` that answers (or 'ring', 'busy') each call, connected to `url` (the
 * server's wss://…/sip unless told: a cluster story names a node).
 */
export async function phone(browser, jssip, user, onCall = 'answer', url = WSS_URL) {
  const page = await harnessPage(browser, jssip, HARNESS);
  opened.add(page);
  await page.evaluate((args) => window.startPhone(args), {
    url,
    user,
    password: demoPassword(user),
  });
  await page.evaluate((mode) => (window.phone.onCall = mode), onCall);
  return page;
}

export const events = (page) => page.evaluate(() => window.phone.events.map((x) => x.e));
export const last = (page, name) =>
  page.evaluate((n) => window.phone.events.filter((x) => x.e === n).at(-1), name);

/**
 * Both phones keep receiving audio (`packets` more each, 50 a second, within `ms`), and each
 * receives the other's stream (its SSRC, relayed unchanged by the anchor).
 */
export async function hearEachOther(a, b, { packets = 50, ms = 10_000 } = {}) {
  const heard = async () => [await a.evaluate(() => window.rtp()), await b.evaluate(() => window.rtp())];
  const [a0, b0] = await heard();
  await eventually(async () => {
    const [a1, b1] = await heard();
    return gained(a0.inbound, a1.inbound) > packets && gained(b0.inbound, b1.inbound) > packets;
  }, ms, `both phones to hear ${packets} packets`);
  const [sa, sb] = [await a.evaluate(() => window.ssrcs()), await b.evaluate(() => window.ssrcs())];
  assert.ok(sb.out.some((s) => sa.heard.includes(s)), `${JSON.stringify(sa)} hears ${sb.out}`);
  assert.ok(sa.out.some((s) => sb.heard.includes(s)), `${JSON.stringify(sb)} hears ${sa.out}`);
}

/**
 * Packets received between two per-SSRC snapshots. A stream that stopped (the other party of a
 * transfer) can vanish from Chromium's stats, so totals may fall: only each SSRC's gain counts.
 */
export function gained(before, now) {
  return Object.entries(now).reduce((n, [ssrc, packets]) => n + packets - (before[ssrc] ?? 0), 0);
}

export async function hangUpAll(...pages) {
  for (const p of pages) {
    if (!opened.delete(p)) continue;
    // A call still up (a story that failed half-way) is hung up first, so that its BYE leaves
    // before the page goes: wait for its end (3 s at most).
    await p
      .evaluate(() =>
        Promise.all(
          window.phone.sessions
            .filter((x) => !x.isEnded())
            .map(
              (x) =>
                new Promise((resolve) => {
                  x.once('ended', resolve);
                  x.once('failed', resolve);
                  setTimeout(resolve, 3_000);
                  x.terminate();
                }),
            ),
        ).then(() => window.phone.ua.stop()),
      )
      .catch(() => {});
    await p.context().close();
  }
}

/** Closes every phone still open (after a story, passed or failed). */
export async function closeAll() {
  await hangUpAll(...opened);
}
