// Call quality from WebRTC statistics (getStats every 2 s): packet loss both ways, jitter and
// round trip, turned into an estimate of the mean opinion score with the E-model (ITU-T G.107) in
// its usual simplified form for VoIP monitoring: R = 93.2 - Id(delay) - Ie,eff(loss), then MOS.
//
// Loss is the worse of the two directions: what we miss of the other side's packets (our
// inbound-rtp) and what the server reports missing of ours (its RTCP receiver reports, our
// remote-inbound-rtp). The anchor relays RTCP between browsers, so the far phone's view arrives.

/** Ie and Bpl of G.107 Appendix I for G.711 with packet loss concealment; Opus does no worse. */
const IE = 0;
const BPL = 25.1;

/**
 * The MOS estimate (1 to 4.5) for `lossPercent` packets lost, `jitterMs` interarrival jitter and
 * `rttMs` round trip. One-way delay: half the round trip, a jitter buffer of twice the jitter, and
 * 20 ms of packetisation.
 */
export function mos({ lossPercent = 0, jitterMs = 0, rttMs = 0 }) {
  const d = rttMs / 2 + 2 * jitterMs + 20;
  const id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const ie = IE + ((95 - IE) * lossPercent) / (lossPercent + BPL);
  const r = Math.max(0, Math.min(100, 93.2 - id - ie));
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** 'good', 'fair', 'poor' or 'bad' for a MOS (the usual bands of G.107 Annex B's table). */
export function grade(score) {
  if (score >= 4.0) return 'good';
  if (score >= 3.6) return 'fair';
  if (score >= 3.1) return 'poor';
  return 'bad';
}

/** What hurts most: 'loss', 'jitter' or 'delay' (null when nothing does). */
export function cause({ lossPercent, jitterMs, rttMs }) {
  if (lossPercent >= 3) return 'loss';
  if (jitterMs >= 30) return 'jitter';
  if (rttMs >= 300) return 'delay';
  return null;
}

/**
 * Watches `pc`: every `everyMs`, `onReport({ score, grade, cause, lossPercent, jitterMs, rttMs })`
 * for the last interval. Returns a function that stops it.
 */
export function watchQuality(pc, onReport, everyMs = 2000) {
  let last = null;
  const timer = setInterval(async () => {
    if (pc.connectionState === 'closed') return;
    const now = await sample(pc);
    if (last) {
      const received = now.received - last.received;
      const lost = now.lost - last.lost;
      const inbound = received + lost > 0 ? (100 * Math.max(0, lost)) / (received + lost) : 0;
      const figures = {
        lossPercent: Math.max(inbound, now.remoteFractionLost * 100),
        jitterMs: now.jitterMs,
        rttMs: now.rttMs,
      };
      const score = mos(figures);
      onReport({ ...figures, score, grade: grade(score), cause: cause(figures) });
    }
    last = now;
  }, everyMs);
  return () => clearInterval(timer);
}

async function sample(pc) {
  const s = { received: 0, lost: 0, jitterMs: 0, rttMs: 0, remoteFractionLost: 0 };
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      s.received += r.packetsReceived ?? 0;
      s.lost += r.packetsLost ?? 0;
      s.jitterMs = Math.max(s.jitterMs, (r.jitter ?? 0) * 1000);
    } else if (r.type === 'remote-inbound-rtp' && r.kind === 'audio') {
      s.remoteFractionLost = Math.max(s.remoteFractionLost, r.fractionLost ?? 0);
      if (r.roundTripTime) s.rttMs = Math.max(s.rttMs, r.roundTripTime * 1000);
    } else if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime) {
      s.rttMs = Math.max(s.rttMs, r.currentRoundTripTime * 1000);
    }
  });
  return s;
}
