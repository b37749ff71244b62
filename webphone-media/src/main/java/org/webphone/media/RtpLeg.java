package org.webphone.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One SIP phone's or trunk's leg of an anchored call: plain RTP (RFC 3550) on a port pair of ours,
 * RTCP on the odd port unless the peer muxes it (RFC 5761).
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
  private boolean awaitingAnswer;
  private boolean known;
  private String lastAnswer;
  private String lastSdp;

  RtpLeg(RtpPorts rtp) throws IOException {
    this.ports = rtp.open(this::receivedRtp, this::receivedRtcp);
  }

  int port() {
    return ports.port();
  }

  /** Our offer goes to the phone: what it sends next is its answer. */
  void offer() {
    awaitingAnswer = true;
  }

  /** The phone's offer; {@code muxed}: we agree to RTCP on the RTP port (it offered so). */
  void offered(AudioSdp sdp, String raw) {
    lastSdp = raw;
    peer(sdp, sdp.rtcpMux());
  }

  /** The phone's answer to our offer (which did not offer rtcp-mux). */
  void answered(AudioSdp sdp, String raw) {
    awaitingAnswer = false;
    lastAnswer = raw;
    lastSdp = raw;
    peer(sdp, false);
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
  public boolean awaitingAnswer() {
    return awaitingAnswer;
  }

  @Override
  public boolean repeats(String sdp) {
    return !awaitingAnswer && sdp.equals(lastAnswer);
  }

  @Override
  public String lastSdp() {
    return lastSdp;
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
    return null;
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
    SrtpSession.Packet probe = new SrtpSession.Packet(data, offset, length);
    if (probe.isRtcp() && !mux) {
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
    if (rtcpPeer != null && !mux && !from.equals(rtcpPeer)) {
      rtcpPeer = from; // RTCP from behind the same NAT comes from a port of its own
    }
    media.accept(packet);
  }

  @Override
  public void close() {
    closed = true;
    media = packet -> {};
    ports.close();
  }
}
