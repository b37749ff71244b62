package org.webphone.media;

import java.util.function.LongSupplier;
import org.webphone.media.srtp.SrtpSession;

/**
 * What the relay saw of one leg: RTP packets and bytes it sent us and we sent it, the packets of
 * its streams that never arrived (RFC 3550 §6.4.1 / A.3: sequence gaps, less those that came late),
 * their interarrival jitter (A.8), and the round trip to it where its RTCP tells (LSR and DLSR of
 * its reports against the time we relayed the sender report they name, §6.4.1).
 *
 * <p>It also keeps when the leg last sent an authentic packet, for the call's silence watch.
 *
 * <p>Threading: one writer per direction (the receive thread of this leg for what it sends, of the
 * other leg for what we send it). The counters are plain fields, published by one volatile write
 * per packet ({@code heard}, {@code sentAt}) that {@link #snapshot} reads first: a per-packet path
 * pays one store fence, not six. A snapshot may see a count one packet newer than the clock.
 */
public final class LegStats {
  /**
   * A leg's figures at one moment.
   *
   * @param lost packets of the leg's streams that never reached us
   * @param jitterMs interarrival jitter of its voice packets, milliseconds
   * @param rttMs round trip between us and the leg, milliseconds; null when its RTCP did not tell
   */
  public record Snapshot(
      long packetsIn,
      long bytesIn,
      long packetsOut,
      long bytesOut,
      long lost,
      double jitterMs,
      Integer rttMs) {}

  private final RelayStats node;
  private long packetsIn;
  private long bytesIn;
  private long lost;
  private double jitter; // seconds
  private final LongSupplier ticker;
  private volatile long heard; // publishes the four above
  private long packetsOut;
  private long bytesOut;
  private volatile long sentAt; // publishes the two above
  private volatile int rttMs = -1;
  private volatile int[] clocks = new int[128]; // RTP clock rate per payload type the leg sends

  // Sequence state of the stream being received (the receive thread's alone).
  private long ssrc = -1;
  private int maxSeq;
  private double lastTransit = Double.NaN;

  // Sender reports relayed to this leg: the middle 32 bits of their NTP time, and when.
  private final long[] srNtp = new long[8];
  private final long[] srAt = new long[8];
  private int srNext;

  /**
   * @param ticker monotonic nanoseconds, the clock packets are heard by (the media service's)
   */
  LegStats(RelayStats node, LongSupplier ticker) {
    this.node = node;
    this.ticker = ticker;
    this.heard = ticker.getAsLong();
  }

  /** The clock rates of the payload types the leg sends with (from its SDP), 0 where unknown. */
  void clocks(int[] rates) {
    this.clocks = rates;
  }

  /** An authentic packet from the leg, decrypted, as it arrived at {@code nanos}. */
  void heard(SrtpSession.Packet p, boolean rtcp, long nanos) {
    if (rtcp) {
      reported(p, nanos);
    } else if (p.getLength() >= 12) {
      received(p, nanos);
    }
    heard = nanos;
  }

  /** When the leg last sent an authentic packet (by the ticker). */
  long heard() {
    return heard;
  }

  /** Starts the silence clock again (the call was just re-negotiated: a resume, a transfer). */
  void touch() {
    heard = ticker.getAsLong();
  }

  private void received(SrtpSession.Packet p, long nanos) {
    int length = p.getLength();
    packetsIn++;
    bytesIn += length;
    byte[] b = p.getBuffer();
    int o = p.getOffset();
    long id = p.ssrc();
    int seq = ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    if (id != ssrc) {
      ssrc = id; // a new stream (a transfer, a restarted sender): its own sequence space
      maxSeq = seq;
      lastTransit = Double.NaN;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta > 0 && delta < 3000) {
        if (delta > 1) {
          lost += delta - 1;
          node.lost.add(delta - 1);
        }
        maxSeq = seq;
      } else if (delta >= 65536 - 3000 && lost > 0) {
        lost--; // one we counted lost came late
        node.lost.add(-1);
      }
    }
    int clock = clocks[b[o + 1] & 0x7F];
    if (clock > 0 && !isEvent(b[o + 1] & 0x7F)) {
      long ts =
          ((b[o + 4] & 0xFFL) << 24)
              | ((b[o + 5] & 0xFF) << 16)
              | ((b[o + 6] & 0xFF) << 8)
              | (b[o + 7] & 0xFF);
      double transit = nanos / 1e9 - ts / (double) clock;
      if (!Double.isNaN(lastTransit)) {
        double d = Math.abs(transit - lastTransit);
        if (d < 10) { // a timestamp jump (a new talk spurt's base) is no jitter
          jitter += (d - jitter) / 16;
        }
      }
      lastTransit = transit;
    }
  }

  private boolean isEvent(int pt) {
    return clocks[pt] < 0;
  }

  /** An RTP packet we sent the leg. */
  void sent(int length, long nanos) {
    packetsOut++;
    bytesOut += length;
    sentAt = nanos;
  }

  /**
   * An RTCP compound packet we are about to send the leg, in the clear: the sender reports in it
   * are remembered, so that the leg's reports on them give the round trip.
   */
  void sending(SrtpSession.Packet p, long nanos) {
    byte[] b = p.getBuffer();
    int at = p.getOffset();
    int end = at + p.getLength();
    while (at + 20 <= end) {
      int pt = b[at + 1] & 0xFF;
      int words = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
      if (pt == 200) {
        synchronized (srNtp) {
          srNtp[srNext] = u32(b, at + 10); // the middle 32 bits of the NTP timestamp
          srAt[srNext] = nanos;
          srNext = (srNext + 1) % srNtp.length;
        }
      }
      at += (words + 1) * 4;
    }
  }

  /** An RTCP compound packet from the leg, in the clear: its report blocks give the round trip. */
  private void reported(SrtpSession.Packet p, long nanos) {
    byte[] b = p.getBuffer();
    int at = p.getOffset();
    int end = at + p.getLength();
    while (at + 8 <= end) {
      int count = b[at] & 0x1F;
      int pt = b[at + 1] & 0xFF;
      int words = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
      int next = at + (words + 1) * 4;
      int block = pt == 200 ? at + 28 : pt == 201 ? at + 8 : -1;
      for (int i = 0; block >= 0 && i < count && block + 24 <= Math.min(next, end); i++) {
        long lsr = u32(b, block + 16);
        long dlsr = u32(b, block + 20);
        if (lsr != 0) {
          round(lsr, dlsr, nanos);
        }
        block += 24;
      }
      at = next;
    }
  }

  private void round(long lsr, long dlsr, long nanos) {
    synchronized (srNtp) {
      for (int i = 0; i < srNtp.length; i++) {
        if (srNtp[i] == lsr && srAt[i] != 0) {
          long rtt = nanos - srAt[i] - dlsr * 1_000_000_000L / 65536;
          if (rtt >= 0) {
            rttMs = (int) (rtt / 1_000_000);
          }
          return;
        }
      }
    }
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  public Snapshot snapshot() {
    long fence = heard + sentAt; // the volatile reads that make the counters below visible
    return new Snapshot(
        packetsIn,
        bytesIn,
        packetsOut,
        bytesOut,
        lost,
        Math.round(jitter * 1e5) / 100.0,
        rttMs < 0 ? null : rttMs);
  }
}
