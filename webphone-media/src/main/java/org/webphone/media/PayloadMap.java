package org.webphone.media;

import java.util.Arrays;
import org.webphone.media.sdp.AudioSdp;

/**
 * Payload type numbers between two legs (RFC 3264 §6.1: each side receives the numbers it wrote in
 * its own SDP). A leg sends with the numbers of the SDP we sent it; a phone that sends with the
 * numbers of its own answer instead, as many do for telephone-event, is understood too.
 *
 * <p>Threading: stateless.
 */
final class PayloadMap {
  private PayloadMap() {}

  /**
   * The map for packets from {@code from} to {@code to}, indexed by the number {@code from} used:
   * the number {@code to} wants, or -1 for a codec {@code to} never agreed to. Null when every
   * number stays as it is (two browsers, or phones that kept the offer's numbers).
   */
  static byte[] between(CallMedia.Slot from, CallMedia.Slot to) {
    if (from.sent == null || to.heard == null) {
      return null;
    }
    byte[] map = new byte[128];
    Arrays.fill(map, (byte) -1);
    boolean same = true;
    for (int pt = 0; pt < 128; pt++) {
      AudioSdp.Codec codec = from.sent.codec(pt);
      if (codec == null && from.heard != null) {
        codec = from.heard.codec(pt);
      }
      if (codec == null) {
        continue;
      }
      int target = to.heard.ptOf(codec);
      map[pt] = (byte) target;
      same &= target == pt;
    }
    return same ? null : map;
  }

  /**
   * The RTP clock rate of each payload type {@code leg} sends with, for its jitter: 0 where
   * unknown, -1 for telephone-event (whose timestamps mark an event's start, not its packets).
   */
  static int[] clocks(CallMedia.Slot leg) {
    int[] clocks = new int[128];
    for (AudioSdp sdp : new AudioSdp[] {leg.heard, leg.sent}) {
      if (sdp != null) {
        for (AudioSdp.Codec c : sdp.codecs()) {
          clocks[c.pt()] = c.voice() ? c.clock() : -1;
        }
      }
    }
    return clocks;
  }
}
