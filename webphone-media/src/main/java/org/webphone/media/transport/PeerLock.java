package org.webphone.media.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.media.srtp.SrtpSession;

/**
 * Whose packets a phone's leg takes, and where it sends, for one SDP of the phone: the leg is
 * locked to a single source, as rtpengine's strict-source, so that nobody else who finds our port
 * can inject audio into the call or hijack what we send (RTP bleed).
 *
 * <p>The rule, from the phone's SDP on until its next one:
 *
 * <ol>
 *   <li>Packets from the address and port of the SDP (RTP at {@code c=}/{@code m=}; RTCP at the
 *       port after, or {@code a=rtcp}, or the RTP port when muxed: RFC 3550 §11, RFC 5761) are
 *       taken, and the first locks the leg to it.
 *   <li>A phone behind a NAT sends from another address than it wrote, and expects our packets
 *       where its own come from (symmetric RTP, RFC 4961 §3.1; RFC 7362 calls learning that address
 *       latching). Such a source is learnt, and the leg locked to it, only when (a) its IP is the
 *       one the phone's SIP messages come from (its NAT's: the SIP side tells us; RFC 7362's
 *       security considerations suggest this restriction), or (b) it sent {@code latchPackets} RTP
 *       packets of one SSRC with sequence numbers without a gap: a stream, not a stray or a spray,
 *       while the SDP's address sent nothing (the probation of a new source, RFC 3550 App. A.1).
 *   <li>Once locked there is no re-latching: latching to whoever sent last is the hijack RFC 7362
 *       warns of. A new SDP from the phone (a re-INVITE after its NAT changed) makes a new lock.
 *   <li>RTCP on our RTCP port is taken from the SDP's RTCP address before RTP locks, then from any
 *       port of the IP RTP locked to (a NAT gives RTCP a mapping of its own: RFC 4961 §3.2 asks the
 *       phone to send RTCP from the port it receives RTCP on, so that port is where its reports
 *       go), and from the signalling IP; the first such packet locks RTCP to its address.
 *   <li>Anything else is refused: not relayed, not answered, counted by the leg.
 * </ol>
 *
 * <p>Where we send: the SDP's addresses until a lock says otherwise; RTCP to the RTP source's IP at
 * the port after its RTP port until the phone's RTCP is heard. An SDP with address 0.0.0.0 or port
 * 0 (hold the old way, RFC 3264 §8.4; a stream refused) sends nothing, though a phone on hold may
 * still be heard by rule 2.
 *
 * <p>Threading: {@link #rtp} and {@link #rtcp} run on {@link RtpPorts}'s one reader thread only,
 * which alone keeps the lock's state (plain fields); where to send is volatile, read by any relay
 * thread. A new SDP replaces the whole object (never reset in place), so a packet the reader is
 * handling meanwhile changes only the lock that is being let go.
 */
public final class PeerLock {
  private static final Logger LOG = Logger.getLogger(PeerLock.class.getName());

  /** Sources followed at once towards rule (b): a spray from many ports does not hide a stream. */
  private static final int CANDIDATES = 4;

  private final InetSocketAddress sdpRtp; // null: the SDP says send nothing, or nothing we send to
  private final InetSocketAddress sdpRtcp;
  private final boolean mux;
  private final boolean sends;
  private final InetAddress signalling; // null: not known
  private final int latchPackets;

  private volatile InetSocketAddress rtpTarget;
  private volatile InetSocketAddress rtcpTarget;

  private InetSocketAddress rtpSource; // non-null: RTP is locked to it
  private InetSocketAddress rtcpSource; // non-null: RTCP is locked to it

  private final InetSocketAddress[] who = new InetSocketAddress[CANDIDATES];
  private final long[] ssrcs = new long[CANDIDATES];
  private final int[] seqs = new int[CANDIDATES];
  private final int[] runs = new int[CANDIDATES];

  /**
   * @param rtp the phone's RTP address from its SDP; null when it says send nothing
   * @param rtcp its RTCP address (the RTP one when muxed); null when it says send nothing
   * @param signalling the IP the phone's SIP messages come from; null when not known
   * @param latchPackets in-sequence packets that make a source the phone's (rule b)
   */
  public PeerLock(
      InetSocketAddress rtp,
      InetSocketAddress rtcp,
      boolean mux,
      InetAddress signalling,
      int latchPackets) {
    this(rtp, rtcp, mux, signalling, latchPackets, rtp != null);
  }

  /**
   * A lock for an SDP whose address media may not go to ({@link MediaAddress}: a name, a group, a
   * link-local address...): nothing is sent until a source is learnt by rule 2, and then there.
   */
  public static PeerLock learning(boolean mux, InetAddress signalling, int latchPackets) {
    return new PeerLock(null, null, mux, signalling, latchPackets, true);
  }

  private PeerLock(
      InetSocketAddress rtp,
      InetSocketAddress rtcp,
      boolean mux,
      InetAddress signalling,
      int latchPackets,
      boolean sends) {
    this.sdpRtp = rtp;
    this.sdpRtcp = mux ? rtp : rtcp;
    this.mux = mux;
    this.sends = sends;
    this.signalling = signalling;
    this.latchPackets = latchPackets;
    this.rtpTarget = rtp;
    this.rtcpTarget = sdpRtcp;
  }

  /** A lock before any SDP: it takes nothing and sends nowhere. */
  public static PeerLock none() {
    return new PeerLock(null, null, false, null, Integer.MAX_VALUE);
  }

  /** RTCP goes on the RTP port (RFC 5761). */
  public boolean mux() {
    return mux;
  }

  /** Where our RTP (and, muxed, RTCP) for the phone goes; null: nowhere. */
  public InetSocketAddress rtpTarget() {
    return rtpTarget;
  }

  /** Where our RTCP for the phone goes when not muxed; null: nowhere. */
  public InetSocketAddress rtcpTarget() {
    return rtcpTarget;
  }

  /**
   * A datagram on our RTP port (RTP, or RTCP when muxed or misdirected): true to relay it, false to
   * refuse it as a stranger's. Reader thread only.
   */
  public boolean rtp(SrtpSession.Packet p, InetSocketAddress from) {
    if (rtpSource != null) {
      return rtpSource.equals(from);
    }
    if (sdpRtp != null && sdpRtp.equals(from)) {
      lockRtp(from, "the address of its SDP");
      return true;
    }
    if (onSignallingIp(from) && p.ssrc() >= 0) {
      lockRtp(from, "its SIP signalling address");
      return true;
    }
    if (p.isRtcp() || !inSequence(p, from)) {
      return false;
    }
    lockRtp(from, latchPackets + " packets in sequence");
    return true;
  }

  /** A datagram on our RTCP port: true to relay it. Reader thread only. */
  public boolean rtcp(InetSocketAddress from) {
    if (mux) {
      // RTCP belongs on the RTP port: here only from where RTP is taken.
      return from.equals(rtpSource != null ? rtpSource : sdpRtp);
    }
    if (rtcpSource != null) {
      return rtcpSource.equals(from);
    }
    boolean ok;
    if (rtpSource == null) {
      ok = from.equals(sdpRtcp) || onSignallingIp(from);
    } else if (rtpSource.equals(sdpRtp)) {
      ok = from.equals(sdpRtcp); // no NAT between us (RTP came as written): RTCP must too
    } else {
      ok = rtpSource.getAddress().equals(from.getAddress()); // the NAT RTP was learnt through
    }
    if (ok) {
      rtcpSource = from;
      if (sends) {
        rtcpTarget = from;
      }
    }
    return ok;
  }

  private boolean onSignallingIp(InetSocketAddress from) {
    return signalling != null && signalling.equals(from.getAddress());
  }

  private void lockRtp(InetSocketAddress from, String why) {
    rtpSource = from;
    if (!sends || from.equals(sdpRtp)) {
      return; // the SDP's targets stand (or none)
    }
    rtpTarget = from;
    if (mux) {
      rtcpTarget = from;
    } else if (rtcpSource == null && from.getPort() < 65535) {
      // Until its RTCP is heard: the port after, as a NAT that keeps port parity maps it.
      rtcpTarget = new InetSocketAddress(from.getAddress(), from.getPort() + 1);
    }
    LOG.log(Level.FINE, () -> "phone leg locked to " + from + " (" + why + ") not " + sdpRtp);
  }

  /**
   * True once {@code from} has sent {@code latchPackets} RTP packets of one SSRC with consecutive
   * sequence numbers (modulo 2^16), counting from its first; a gap, a repeat or a new SSRC starts
   * the count again.
   */
  private boolean inSequence(SrtpSession.Packet p, InetSocketAddress from) {
    long ssrc = p.ssrc();
    if (ssrc < 0) {
      return false; // not RTP version 2
    }
    byte[] b = p.getBuffer();
    int seq = ((b[p.getOffset() + 2] & 0xFF) << 8) | (b[p.getOffset() + 3] & 0xFF);
    int i = candidate(from);
    if (who[i] != null && ssrcs[i] == ssrc && seq == ((seqs[i] + 1) & 0xFFFF)) {
      runs[i]++;
    } else {
      who[i] = from;
      ssrcs[i] = ssrc;
      runs[i] = 1;
    }
    seqs[i] = seq;
    return runs[i] >= latchPackets;
  }

  /** The slot following {@code from}: its own, else a free one, else the shortest run's. */
  private int candidate(InetSocketAddress from) {
    int free = -1;
    int shortest = 0;
    for (int i = 0; i < CANDIDATES; i++) {
      if (who[i] == null) {
        free = free < 0 ? i : free;
      } else if (who[i].equals(from)) {
        return i;
      } else if (runs[i] < runs[shortest]) {
        shortest = i;
      }
    }
    if (free >= 0) {
      return free;
    }
    who[shortest] = null; // taken over
    return shortest;
  }
}
