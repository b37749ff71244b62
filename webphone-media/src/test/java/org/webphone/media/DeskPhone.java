package org.webphone.media;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpProfile;
import org.webphone.media.srtp.SrtpSession;

/**
 * A SIP desk phone's media as the anchor meets it: plain RTP on an even loopback port and RTCP on
 * the next, SDP as such phones write it (PCMU, PCMA, telephone-event 101; no ICE, no DTLS). It
 * sends to the address of the anchor's SDP, like a phone does.
 */
final class DeskPhone implements AutoCloseable, Listener {
  final DatagramSocket rtp;
  final DatagramSocket rtcp;
  private final int ssrc;
  private InetSocketAddress anchor;
  private InetSocketAddress anchorRtcp;
  private int seq;
  private SrtpKeys.Master key; // SDES: ours, when we speak SRTP
  private SrtpSession srtp;

  DeskPhone(int ssrc) throws Exception {
    this.ssrc = ssrc;
    DatagramSocket[] pair = evenPair();
    rtp = pair[0];
    rtcp = pair[1];
  }

  private static DatagramSocket[] evenPair() throws Exception {
    for (int i = 0; i < 50; i++) {
      DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      if (a.getLocalPort() % 2 == 0) {
        try {
          DatagramSocket b =
              new DatagramSocket(a.getLocalPort() + 1, InetAddress.getLoopbackAddress());
          return new DatagramSocket[] {a, b};
        } catch (java.net.BindException e) {
          // taken: try another
        }
      }
      a.close();
    }
    throw new IllegalStateException("no even port pair on loopback");
  }

  /** An offer or answer: PCMU, PCMA and telephone-event, or {@code formats} as given. */
  String sdp(String direction, String formats) {
    StringBuilder maps = new StringBuilder();
    for (String pt : formats.split(" ")) {
      maps.append(
          switch (pt) {
            case "0" -> "a=rtpmap:0 PCMU/8000\r\n";
            case "8" -> "a=rtpmap:8 PCMA/8000\r\n";
            case "18" -> "a=rtpmap:18 G729/8000\r\n";
            default -> "a=rtpmap:" + pt + " telephone-event/8000\r\na=fmtp:" + pt + " 0-16\r\n";
          });
    }
    return "v=0\r\no=desk 1 1 IN IP4 127.0.0.1\r\ns=call\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio "
        + rtp.getLocalPort()
        + " RTP/AVP "
        + formats
        + "\r\n"
        + maps
        + "a=ptime:20\r\na="
        + direction
        + "\r\n";
  }

  String sdp(String direction) {
    return sdp(direction, "0 8 101");
  }

  /** An offer of SRTP keyed by SDES (RFC 4568): RTP/SAVP with our a=crypto line. */
  String sdesOffer(String direction) {
    byte[] k = new byte[16];
    byte[] salt = new byte[14];
    new java.security.SecureRandom().nextBytes(k);
    new java.security.SecureRandom().nextBytes(salt);
    key = new SrtpKeys.Master(k, salt);
    byte[] material = new byte[30];
    System.arraycopy(k, 0, material, 0, 16);
    System.arraycopy(salt, 0, material, 16, 14);
    return sdp(direction)
        .replace(" RTP/AVP ", " RTP/SAVP ")
        .replace(
            "a=ptime:20\r\n",
            "a=ptime:20\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + java.util.Base64.getEncoder().encodeToString(material)
                + "|2^31\r\n");
  }

  /** The anchor's SDES answer: its key for what it sends us. */
  void sdesAnswered(String answer) throws NotAcceptableException {
    AudioSdp a = AudioSdp.parse(answer);
    String inline = a.crypto().get(0).split(" ")[2].substring(7);
    byte[] material = java.util.Base64.getDecoder().decode(inline);
    SrtpKeys.Master theirs =
        new SrtpKeys.Master(
            java.util.Arrays.copyOfRange(material, 0, 16),
            java.util.Arrays.copyOfRange(material, 16, 30));
    srtp = new SrtpSession(new SrtpKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, key, theirs));
  }

  /** Reads where the anchor wants our RTP (c= and m=) and RTCP (the next port). */
  void heardFrom(String anchorSdp) throws NotAcceptableException {
    AudioSdp a = AudioSdp.parse(anchorSdp);
    anchor = new InetSocketAddress(a.address(), a.port());
    anchorRtcp = new InetSocketAddress(a.address(), a.rtcpPort());
  }

  /** Sends one RTP packet of {@code pt}; returns its bytes. */
  byte[] speak(int pt) throws Exception {
    byte[] p = BrowserLeg.rtp(ssrc, ++seq);
    p[1] = (byte) pt;
    if (srtp != null) {
      SrtpSession.Packet out = SrtpSession.Packet.copyOf(p, p.length);
      srtp.protect(out);
      rtp.send(new DatagramPacket(out.getBuffer(), out.getOffset(), out.getLength(), anchor));
    } else {
      rtp.send(new DatagramPacket(p, p.length, anchor));
    }
    return p;
  }

  /** Leaves out the next {@code n} sequence numbers: packets lost on the way. */
  void lose(int n) {
    seq += n;
  }

  /** Sends {@code rtcp} to the anchor's RTCP port. */
  void sendRtcp(byte[] rtcp) throws Exception {
    rtcp(rtcp);
  }

  private void rtcp(byte[] p) throws Exception {
    rtcp.send(new DatagramPacket(p, p.length, anchorRtcp));
  }

  /** Sends an RTCP receiver report to the anchor's RTCP port; returns its bytes. */
  byte[] report() throws Exception {
    byte[] p = BrowserLeg.rtcp(ssrc);
    rtcp.send(new DatagramPacket(p, p.length, anchorRtcp));
    return p;
  }

  @Override
  public byte[] hear(Duration wait) throws Exception {
    byte[] got = receive(rtp, wait);
    if (got == null || srtp == null) {
      return got;
    }
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(got, got.length);
    return srtp.unprotect(p) ? p.bytes() : null;
  }

  byte[] hearRtcp(Duration wait) throws Exception {
    return receive(rtcp, wait);
  }

  private static byte[] receive(DatagramSocket s, Duration wait) throws Exception {
    s.setSoTimeout((int) Math.max(1, wait.toMillis()));
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(buf, p.getLength());
  }

  @Override
  public void close() {
    rtp.close();
    rtcp.close();
  }
}
