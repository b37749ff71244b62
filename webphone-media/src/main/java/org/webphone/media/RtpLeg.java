package org.webphone.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.srtp.Sdes;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.MediaAddress;
import org.webphone.media.transport.PeerLock;
import org.webphone.media.transport.RtpPorts;
import org.webphone.media.transport.Wire;

/**
 * One SIP phone's or trunk's leg of an anchored call: RTP (RFC 3550) on a port pair of ours, RTCP
 * on the odd port unless the peer muxes it (RFC 5761); plain, or SRTP keyed by SDES (RFC 4568) when
 * the phone offers {@code RTP/SAVP} with {@code a=crypto}. Our offers to a phone are plain unless
 * the phone's leg already speaks SDES (a re-offer keeps it, with our key unchanged).
 *
 * <p>Whose packets it takes and where it sends: the address of the peer's SDP, or the one address
 * the leg learns in its stead when the phone is behind a NAT (on its SIP signalling IP, or after a
 * run of packets in sequence), and no other until the peer's next SDP ({@link PeerLock}: symmetric
 * RTP, RFC 4961, without the open latching that lets a stranger take the call's media). Packets
 * from anyone else are dropped unanswered and counted ({@link RelayStats#refusedSource}). An
 * address of 0.0.0.0 or a port of 0 (hold the old way, a rejected stream) means: send nothing.
 *
 * <p>Threading: the SDP side runs under the owning call's lock; packets arrive on the one RTP
 * reader thread of {@link RtpPorts}; {@link #send} may run on any relay thread. Each SDP publishes
 * a new {@link PeerLock} (volatile).
 */
final class RtpLeg implements MediaLeg, Wire {
  private final RtpPorts.Pair ports;
  private final RelayStats stats;
  private final int latchPackets;
  private volatile Consumer<SrtpSession.Packet> media = packet -> {};
  private volatile PeerLock peer = PeerLock.none();
  private volatile boolean closed;
  private boolean known;
  private InetAddress signalling; // where the phone's SIP messages come from; null: not told
  private Sdes sdes; // the keys agreed, or offered and awaiting the answer; null: plain RTP
  private volatile SrtpSession srtp;
  private final java.util.List<SrtpSession> retired = new java.util.ArrayList<>();

  /**
   * @param stats the node's counters, where packets refused for their source are counted
   * @param latchPackets in-sequence packets that teach the leg a source behind a NAT
   */
  RtpLeg(RtpPorts rtp, RelayStats stats, int latchPackets) throws IOException {
    this.stats = stats;
    this.latchPackets = latchPackets;
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
   * offered SDES keys. The leg takes packets from the offer's addresses, or learns afresh.
   *
   * @param signalling the IP the SIP message carrying the offer came from; null: as last told
   * @throws NotAcceptableException for SRTP with no suite we support
   */
  void offered(AudioSdp sdp, InetAddress signalling) throws NotAcceptableException {
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
    peer(sdp, sdp.rtcpMux(), signalling);
  }

  /**
   * The phone's answer to our offer (which did not offer rtcp-mux). The leg takes packets from the
   * answer's addresses, or learns afresh.
   *
   * @param signalling the IP the SIP message carrying the answer came from; null: as last told
   * @throws NotAcceptableException when we offered SDES and the answer has no key for it
   */
  void answered(AudioSdp sdp, InetAddress signalling) throws NotAcceptableException {
    if (sdes != null && sdp.secure()) {
      keys(sdes.answered(sdp.crypto()));
    } else if (!sdp.secure()) {
      keys(null);
    }
    peer(sdp, false, signalling);
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

  /** A new SDP from the peer: a new lock, learning from scratch (RFC 7362: no lock outlives it). */
  private void peer(AudioSdp sdp, boolean muxed, InetAddress from) {
    known = true;
    if (from != null) {
      signalling = from;
    }
    if (sdp.port() == 0 || sdp.address().equals("0.0.0.0")) {
      peer = new PeerLock(null, null, muxed, signalling, latchPackets);
      return;
    }
    InetAddress address = MediaAddress.sendable(sdp.address(), signalling);
    if (address == null) {
      // An address we send nothing to (a name, a group, ...): the phone's media is learnt from
      // where it comes (its signalling IP, or a run), and answered there.
      peer = PeerLock.learning(muxed, signalling, latchPackets);
      return;
    }
    InetSocketAddress rtp = new InetSocketAddress(address, sdp.port());
    InetSocketAddress rtcp = muxed ? rtp : new InetSocketAddress(address, sdp.rtcpPort());
    peer = new PeerLock(rtp, rtcp, muxed, signalling, latchPackets);
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
    PeerLock to = peer;
    if (!to.mux() && SrtpSession.Packet.isRtcp(data, offset, length)) {
      InetSocketAddress at = to.rtcpTarget();
      if (at != null) {
        ports.sendRtcp(data, offset, length, at);
      }
    } else {
      InetSocketAddress at = to.rtpTarget();
      if (at != null) {
        ports.sendRtp(data, offset, length, at);
      }
    }
  }

  private void receivedRtp(SrtpSession.Packet packet, InetSocketAddress from) {
    if (closed) {
      return;
    }
    if (peer.rtp(packet, from)) {
      media.accept(packet);
    } else {
      stats.refusedSource.increment(); // a stranger's: not relayed, never answered
    }
  }

  private void receivedRtcp(SrtpSession.Packet packet, InetSocketAddress from) {
    if (closed) {
      return;
    }
    if (peer.rtcp(from)) {
      media.accept(packet);
    } else {
      stats.refusedSource.increment();
    }
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
