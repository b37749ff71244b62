package org.webphone.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One SIP phone's or trunk's leg of an anchored call: RTP (RFC 3550) on a port pair of ours, RTCP
 * on the odd port unless the peer muxes it (RFC 5761); plain, or SRTP keyed by SDES (RFC 4568) when
 * the phone offers {@code RTP/SAVP} with {@code a=crypto}. Our offers to a phone are plain unless
 * the phone's leg already speaks SDES (a re-offer keeps it, with our key unchanged).
 *
 * <p>Where we send: the address and port of the peer's SDP until its first packet arrives, then
 * wherever that packet came from (symmetric RTP, RFC 4961: a phone behind NAT sends from another
 * address than it wrote). Each new SDP from the peer learns afresh. An address of 0.0.0.0 or a port
 * of 0 (hold the old way, a rejected stream) means: send nothing.
 *
 * <p>Threading: the SDP side runs under the owning call's lock; packets arrive on the RTP reader
 * thread; {@link #send} may run on any relay thread. The peer's addresses are volatile.
 */
final class RtpLeg implements MediaLeg, Wire {
  private final RtpPorts.Pair ports;
  private volatile Consumer<SrtpSession.Packet> media = packet -> {};
  private volatile InetSocketAddress rtpPeer;
  private volatile InetSocketAddress rtcpPeer;
  private volatile boolean mux;
  private volatile boolean learnt;
  private volatile boolean closed;
  private boolean known;
  private Sdes sdes; // the keys agreed, or offered and awaiting the answer; null: plain RTP
  private volatile SrtpSession srtp;
  private final java.util.List<SrtpSession> retired = new java.util.ArrayList<>();

  RtpLeg(RtpPorts rtp) throws IOException {
    this.ports = rtp.open(this::receivedRtp, this::receivedRtcp);
  }

  int port() {
    return ports.port();
  }

  /**
   * Our offer goes to the phone.
   *
   * @return our a=crypto value for it, or null for plain RTP
   */
  String offer() {
    return sdes == null ? null : sdes.line();
  }

  /** Our a=crypto value for our answer to the phone's offer, or null for plain RTP. */
  String answerCrypto() {
    return sdes == null ? null : sdes.line();
  }

  /**
   * The phone's offer; we agree to RTCP on the RTP port when it offered so, and to SRTP when it
   * offered SDES keys.
   *
   * @throws NotAcceptableException for SRTP with no suite we support
   */
  void offered(AudioSdp sdp) throws NotAcceptableException {
    if (sdp.secure()) {
      Sdes offered = Sdes.answer(sdp.crypto());
      // A re-offer with the same key keeps our answer's key too (RFC 4568 §7.1.4 allows either).
      if (sdes != null && sameKey(sdes.theirs(), offered.theirs())) {
        offered = new Sdes(offered.tag(), offered.theirs(), sdes.ours());
      }
      keys(offered);
    } else {
      keys(null);
    }
    peer(sdp, sdp.rtcpMux());
  }

  /**
   * The phone's answer to our offer (which did not offer rtcp-mux).
   *
   * @throws NotAcceptableException when we offered SDES and the answer has no key for it
   */
  void answered(AudioSdp sdp) throws NotAcceptableException {
    if (sdes != null && sdp.secure()) {
      keys(sdes.answered(sdp.crypto()));
    } else if (!sdp.secure()) {
      keys(null);
    }
    peer(sdp, false);
  }

  /** New keys, or none: a new SRTP session when the keys changed (the old one kept until close). */
  private void keys(Sdes next) {
    Sdes before = sdes;
    sdes = next;
    if (next == null) {
      retire();
      srtp = null;
    } else if (before == null
        || before.theirs() == null
        || !sameKey(before.theirs(), next.theirs())
        || !sameKey(before.ours(), next.ours())) {
      retire();
      srtp = next.session();
    }
  }

  private void retire() {
    if (srtp != null) {
      retired.add(srtp); // a packet may be on its way through it on the relay's thread
    }
  }

  private static boolean sameKey(SrtpKeys.Master a, SrtpKeys.Master b) {
    return java.util.Arrays.equals(a.key(), b.key()) && java.util.Arrays.equals(a.salt(), b.salt());
  }

  private void peer(AudioSdp sdp, boolean muxed) {
    known = true;
    mux = muxed;
    learnt = false;
    if (sdp.port() == 0 || sdp.address().equals("0.0.0.0")) {
      rtpPeer = null;
      rtcpPeer = null;
      return;
    }
    rtpPeer = new InetSocketAddress(sdp.address(), sdp.port());
    rtcpPeer = muxed ? rtpPeer : new InetSocketAddress(sdp.address(), sdp.rtcpPort());
  }

  @Override
  public boolean ready() {
    return known;
  }

  @Override
  public Wire wire() {
    return this;
  }

  @Override
  public SrtpSession srtp() {
    return srtp;
  }

  @Override
  public void onMedia(Consumer<SrtpSession.Packet> handler) {
    this.media = handler;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    if (closed) {
      return;
    }
    if (!mux && SrtpSession.Packet.isRtcp(data, offset, length)) {
      InetSocketAddress to = rtcpPeer;
      if (to != null) {
        ports.sendRtcp(data, offset, length, to);
      }
    } else {
      InetSocketAddress to = rtpPeer;
      if (to != null) {
        ports.sendRtp(data, offset, length, to);
      }
    }
  }

  private void receivedRtp(SrtpSession.Packet packet, InetSocketAddress from) {
    if (closed) {
      return;
    }
    if (!learnt && rtpPeer != null) {
      learnt = true;
      if (!from.equals(rtpPeer)) {
        rtpPeer = from;
        rtcpPeer = mux ? from : new InetSocketAddress(from.getAddress(), from.getPort() + 1);
      }
    }
    media.accept(packet);
  }

  private void receivedRtcp(SrtpSession.Packet packet, InetSocketAddress from) {
    if (closed) {
      return;
    }
    InetSocketAddress rtp = rtpPeer;
    if (rtcpPeer != null
        && !mux
        && !from.equals(rtcpPeer)
        && rtp != null
        && rtp.getAddress().equals(from.getAddress())) {
      rtcpPeer = from; // RTCP from behind the phone's NAT comes from a port of its own
    }
    media.accept(packet);
  }

  @Override
  public void close() {
    closed = true;
    media = packet -> {};
    ports.close();
    retire();
    retired.forEach(SrtpSession::close);
  }
}
