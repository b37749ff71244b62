// The media of a desk phone, for the tests where SIPp does its signalling: plain RTP (RFC 3550) on an
// even loopback port and RTCP on the next. It answers where the server's packets come from
// (symmetric RTP), sends 20 ms of PCMU every 20 ms with an SSRC of its own, and keeps what it
// received: packets per payload type, and the RFC 4733 events that ended.
import { createSocket } from 'node:dgram';

const bind = (port) =>
  new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () => {
      s.off('error', reject);
      resolve(s);
    });
  });

/**
 * An RTP peer on a free even port pair; `eventPt` is its telephone-event payload type. With `only`,
 * it takes packets from that address alone, as a phone that takes media only from the server it
 * signalled with: its own port may lie in the range a stranger sprays (an ephemeral port), and it
 * must not answer the stranger.
 */
export async function rtpPeer({ eventPt = 101, ssrc = 0x5eed1e55, only = null } = {}) {
  for (let i = 0; i < 50; i++) {
    const rtp = await bind(0);
    const port = rtp.address().port;
    if (port % 2 !== 0) {
      rtp.close();
      continue;
    }
    let rtcp;
    try {
      rtcp = await bind(port + 1);
    } catch {
      rtp.close();
      continue;
    }
    return new RtpPeer(rtp, rtcp, eventPt, ssrc, only);
  }
  throw new Error('no even UDP port pair on loopback');
}

class RtpPeer {
  constructor(rtp, rtcp, eventPt, ssrc, only) {
    this.only = only;
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.port = rtp.address().port;
    this.eventPt = eventPt;
    this.ssrc = ssrc;
    this.received = new Map(); // payload type -> packets
    this.ssrcs = new Set();
    this.events = []; // RFC 4733 events that ended, in order: 0-9, 10 (*), 11 (#)
    this.rtcpReceived = 0;
    this.endedAt = new Set(); // RTP timestamps of ended events (the end is sent three times)
    this.peer = null;
    rtp.on('message', (msg, from) => this.#onRtp(msg, from));
    rtcp.on('message', (msg, from) => {
      if (!this.only || from.address === this.only) this.rtcpReceived++;
    });
    this.seq = 0;
    this.timestamp = 0;
    this.timer = setInterval(() => this.#speak(), 20);
  }

  #onRtp(msg, from) {
    if (msg.length < 12 || msg[0] >> 6 !== 2 || (this.only && from.address !== this.only)) return;
    this.peer ??= from; // the server's RTP port, as its first packet shows it
    const pt = msg[1] & 0x7f;
    this.received.set(pt, (this.received.get(pt) ?? 0) + 1);
    this.ssrcs.add(msg.readUInt32BE(8));
    if (pt === this.eventPt && msg.length >= 16) {
      const event = msg[12];
      const end = (msg[13] & 0x80) !== 0;
      const ts = msg.readUInt32BE(4);
      if (end && !this.endedAt.has(ts)) {
        this.endedAt.add(ts);
        this.events.push(event);
      }
    }
  }

  #speak() {
    if (!this.peer || this.paused) return;
    const p = Buffer.alloc(12 + 160, 0xff); // PCMU silence
    p[0] = 0x80;
    p[1] = 0; // PCMU
    p.writeUInt16BE(this.seq++ & 0xffff, 2);
    p.writeUInt32BE((this.timestamp += 160) >>> 0, 4);
    p.writeUInt32BE(this.ssrc, 8);
    this.rtp.send(p, this.peer.port, this.peer.address);
  }

  /** Stops sending (a phone whose network went away); `resume` starts again. */
  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
  }

  /** Packets received of payload type `pt`. */
  count(pt) {
    return this.received.get(pt) ?? 0;
  }

  /** The events as the digits a person pressed. */
  digits() {
    return this.events.map((e) => '0123456789*#ABCD'[e] ?? '?').join('');
  }

  close() {
    clearInterval(this.timer);
    this.rtp.close();
    this.rtcp.close();
  }
}
