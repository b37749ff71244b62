package org.webphone.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.webphone.media.BrowserLeg;
import org.webphone.media.MediaConfig;
import org.webphone.media.srtp.SrtpSession;

/**
 * A phone leg's lock on its peer, fed packets without sockets: Bob's desk phone wrote
 * 192.0.2.10:4000 (RTCP 4001) in his SDP and his SIP comes from 198.51.100.7 (his NAT); Mallory is
 * anyone else. Each verdict and where the leg then sends are exact.
 */
class PeerLockTest {
  private static final int N = MediaConfig.DEFAULT_RTP_LATCH_PACKETS;
  private static final InetSocketAddress SDP_RTP = at("192.0.2.10", 4000);
  private static final InetSocketAddress SDP_RTCP = at("192.0.2.10", 4001);
  private static final InetAddress SIP = ip("198.51.100.7");
  private static final InetSocketAddress NAT = at("198.51.100.7", 61000);
  private static final InetSocketAddress MALLORY = at("203.0.113.66", 5000);

  private static PeerLock bob(InetAddress signalling) {
    return new PeerLock(SDP_RTP, SDP_RTCP, false, signalling, N);
  }

  @Test
  void bobsFirstPacketFromHisSdpAddressLocksTheLegToItAndNoOneElseIsHeardThen() {
    PeerLock lock = bob(SIP);
    assertTrue(lock.rtp(rtp(0xB0B, 1), SDP_RTP));
    for (int seq = 1; seq <= 2 * N; seq++) {
      assertFalse(lock.rtp(rtp(0xBAD, seq), MALLORY), "a stream from elsewhere, packet " + seq);
    }
    assertFalse(lock.rtp(rtp(0xB0B, 2), NAT), "not even from his signalling address: locked");
    assertTrue(lock.rtp(rtp(0xB0B, 3), SDP_RTP));
    assertEquals(SDP_RTP, lock.rtpTarget());
    assertEquals(SDP_RTCP, lock.rtcpTarget());
    // No NAT between us (his RTP came as written): his RTCP must come as written too, not from
    // another port of his IP (someone else on his host or behind his NAT).
    assertFalse(lock.rtcp(at("192.0.2.10", 4999)));
    assertFalse(lock.rtcp(at("198.51.100.7", 61001)), "nor from his signalling IP");
    assertTrue(lock.rtcp(SDP_RTCP));
    assertFalse(lock.rtcp(MALLORY));
    assertEquals(SDP_RTCP, lock.rtcpTarget());
  }

  @Test
  void bobBehindANatIsLearntAtOnceOnHisSignallingIpAndAnsweredWhereHisPacketsComeFrom() {
    PeerLock lock = bob(SIP);
    assertFalse(lock.rtp(rtp(0xBAD, 1), MALLORY));
    assertTrue(lock.rtp(rtp(0xB0B, 1), NAT), "his NAT's IP, any port: his");
    assertEquals(NAT, lock.rtpTarget());
    assertEquals(at("198.51.100.7", 61001), lock.rtcpTarget(), "RTCP: the port after, until heard");
    assertFalse(lock.rtp(rtp(0xB0B, 2), SDP_RTP), "locked: not even the SDP's address now");

    // His RTCP comes through a NAT port of its own (RFC 4961 §3.2): that is where his reports go.
    assertFalse(lock.rtcp(MALLORY));
    assertTrue(lock.rtcp(at("198.51.100.7", 61234)));
    assertEquals(at("198.51.100.7", 61234), lock.rtcpTarget());
    assertFalse(lock.rtcp(at("198.51.100.7", 61500)), "RTCP is locked too");
  }

  @Test
  void aSourceNeitherInTheSdpNorOnTheSignallingIpIsLearntOnlyAfterARunInSequence() {
    PeerLock lock = bob(SIP);
    InetSocketAddress elsewhere = at("100.64.0.9", 40000); // his media leaves by another NAT IP
    for (int seq = 65535 - N + 2; seq <= 65535; seq++) { // N - 1 packets
      assertFalse(lock.rtp(rtp(0xB0B, seq), elsewhere), "packet " + seq + " of the run");
    }
    assertEquals(SDP_RTP, lock.rtpTarget(), "nothing learnt yet");
    assertTrue(lock.rtp(rtp(0xB0B, 0), elsewhere), "the sequence wraps (RFC 3550 §5.1)");
    assertEquals(elsewhere, lock.rtpTarget());
    assertFalse(lock.rtp(rtp(0xB0B, 1), NAT), "a third source, even on his SIP IP: refused");
    assertFalse(lock.rtp(rtp(0xB0B, 1), SDP_RTP), "and his SDP's address");
  }

  @Test
  void aGapARepeatOrAnotherSsrcStartsTheRunAgainButAnotherSourcesSprayDoesNot() {
    PeerLock lock = bob(null);
    InetSocketAddress nat = at("100.64.0.9", 40000);
    int seq = 100;
    for (int i = 1; i < N; i++) {
      assertFalse(lock.rtp(rtp(0xB0B, seq++), nat));
    }
    assertFalse(lock.rtp(rtp(0xB0B, seq + 1), nat), "a gap: this is packet 1 of a new run");
    seq += 2;
    for (int i = 2; i < N; i++) {
      assertFalse(lock.rtp(rtp(0xB0B, seq++), nat));
    }
    assertFalse(lock.rtp(rtp(0xB0B, seq - 1), nat), "a repeat: 1 again");
    assertFalse(lock.rtp(rtp(0xC0C, seq), nat), "another SSRC: 1 again");
    for (int i = 2; i < N; i++) {
      assertFalse(lock.rtp(rtp(0xC0C, ++seq), nat));
      // Mallory sprays from many ports in between: he neither breaks the run nor wins one.
      for (int port = 7000; port < 7008; port++) {
        assertFalse(lock.rtp(rtp(0xBAD, port * i), at("203.0.113.66", port)));
      }
    }
    assertTrue(lock.rtp(rtp(0xC0C, ++seq), nat), "N in sequence of one SSRC");
    assertFalse(lock.rtp(rtcp(0xC0C), MALLORY) || lock.rtcp(MALLORY), "the rest: refused");
  }

  @Test
  void rtcpIsNeverWhatTeachesTheRunAndMuxedRtcpOnlyComesFromTheRtpSource() {
    PeerLock muxed = new PeerLock(SDP_RTP, null, true, null, N);
    assertEquals(SDP_RTP, muxed.rtcpTarget(), "RFC 5761: RTCP on the RTP port");
    for (int i = 0; i < 2 * N; i++) {
      assertFalse(muxed.rtp(rtcp(0xBAD), MALLORY), "RTCP has no sequence to run on");
    }
    assertFalse(muxed.rtcp(MALLORY));
    assertTrue(muxed.rtcp(SDP_RTP), "on our RTCP port all the same: from the RTP peer only");
    assertTrue(muxed.rtp(rtcp(0xB0B), SDP_RTP));
    assertEquals(SDP_RTP, muxed.rtpTarget());
  }

  @Test
  void anSdpSayingSendNothingSendsNothingThoughItsPhoneMayBeHeard() {
    PeerLock held = new PeerLock(null, null, false, SIP, N); // c=0.0.0.0, RFC 3264 §8.4
    assertFalse(held.rtp(rtp(0xBAD, 1), MALLORY));
    assertTrue(held.rtp(rtp(0xB0B, 1), NAT), "music on hold from his NAT");
    assertNull(held.rtpTarget());
    assertNull(held.rtcpTarget());
    assertTrue(held.rtcp(at("198.51.100.7", 61001)));
    assertNull(held.rtcpTarget(), "heard, and still not answered");
  }

  @Test
  void beforeAnySdpNothingIsTakenAndNothingSent() {
    PeerLock none = PeerLock.none();
    for (int seq = 1; seq < 100; seq++) {
      assertFalse(none.rtp(rtp(0xBAD, seq), MALLORY));
    }
    assertFalse(none.rtcp(MALLORY));
    assertNull(none.rtpTarget());
  }

  private static SrtpSession.Packet rtp(int ssrc, int seq) {
    byte[] p = BrowserLeg.rtp(ssrc, seq & 0xFFFF);
    return new SrtpSession.Packet(p, 0, p.length);
  }

  private static SrtpSession.Packet rtcp(int ssrc) {
    byte[] p = BrowserLeg.rtcp(ssrc);
    return new SrtpSession.Packet(p, 0, p.length);
  }

  private static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(ip(ip), port);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
