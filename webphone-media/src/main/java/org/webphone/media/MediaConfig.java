package org.webphone.media;

import java.time.Duration;
import org.webphone.media.transport.PeerLock;

/**
 * Media settings, validated once. Keys and defaults: {@code docs/configuration.md} (from the
 * integration on; the module reads no configuration itself).
 *
 * @param bindAddress the address the single media port binds to
 * @param port the one UDP port every browser leg uses (ICE, DTLS and SRTP on it)
 * @param publicAddress the address written into our candidates when browsers reach us at another
 *     one (NAT); null: the bind address
 * @param handshakeThreads DTLS handshakes at once; BouncyCastle blocks a thread per handshake
 * @param handshakeTimeout how long ICE and then DTLS may take before a leg is given up
 * @param receiveBuffer SO_RCVBUF of the media port, bytes: every leg's packets queue in this one
 *     socket, and the OS default (~200 KB, a few hundred packets) overflows in a 10 ms pause at
 *     20,000 packets/s; Linux caps it at net.core.rmem_max
 * @param tcpPort the passive ICE-TCP port (RFC 6544) on the same address, for browsers whose
 *     network lets no UDP through; 0: none
 * @param rtpPortMin the first port of the range SIP phones' and trunks' legs take their RTP (even)
 *     and RTCP (odd) port pairs from
 * @param rtpPortMax the range's last port
 * @param silenceTimeout how long a talking call may go without a packet (RTP or RTCP) from either
 *     leg before it is ended as dead; not counted while the call is on hold
 * @param rtpLatchPackets how many consecutive in-sequence RTP packets (one SSRC, sequence numbers
 *     without a gap) a phone's leg needs from a source that is neither the address of the phone's
 *     SDP nor on its SIP signalling address before it takes that source as the phone behind a NAT
 *     (RFC 7362 latching, made strict: {@link PeerLock}); at least 2, as RFC 3550 App. A.1's
 *     probation of a new source, for one packet proves nothing
 * @param rtpPortQuarantine how long a released RTP port pair rests before it is handed out again,
 *     so that late or forged packets meant for the last call do not land in the next (the oldest
 *     released pair is taken when every free one rests); zero: no rest
 */
public record MediaConfig(
    String bindAddress,
    int port,
    String publicAddress,
    int handshakeThreads,
    Duration handshakeTimeout,
    int receiveBuffer,
    int tcpPort,
    int rtpPortMin,
    int rtpPortMax,
    Duration silenceTimeout,
    int rtpLatchPackets,
    Duration rtpPortQuarantine) {
  /** 60 s, as rtpengine's default: a phone that lost its network says nothing for that long. */
  public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofSeconds(60);

  /** 30000–39999: 5,000 legs towards phones and trunks. */
  public static final int DEFAULT_RTP_PORT_MIN = 30000;

  public static final int DEFAULT_RTP_PORT_MAX = 39999;

  /** 4 MiB: a quarter of a second of 20,000 packets/s, as the kernel accounts them. */
  public static final int DEFAULT_RECEIVE_BUFFER = 4 << 20;

  /**
   * 5 packets, as rtpengine's strict-source learning: 100 ms of a 20 ms voice stream lost once to a
   * phone behind a NAT that its signalling address does not reveal.
   */
  public static final int DEFAULT_RTP_LATCH_PACKETS = 5;

  /**
   * 30 s: longer than a phone goes on sending after its BYE, and than the jitter buffers and
   * retransmissions of the call just ended; a 5,000-pair range still serves 160 new legs a second.
   */
  public static final Duration DEFAULT_RTP_PORT_QUARANTINE = Duration.ofSeconds(30);

  public MediaConfig(
      String bindAddress,
      int port,
      String publicAddress,
      int handshakeThreads,
      Duration handshakeTimeout) {
    this(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        DEFAULT_RECEIVE_BUFFER,
        0,
        DEFAULT_RTP_PORT_MIN,
        DEFAULT_RTP_PORT_MAX,
        DEFAULT_SILENCE_TIMEOUT);
  }

  /** The settings of before strict-source latching: its two settings at their defaults. */
  public MediaConfig(
      String bindAddress,
      int port,
      String publicAddress,
      int handshakeThreads,
      Duration handshakeTimeout,
      int receiveBuffer,
      int tcpPort,
      int rtpPortMin,
      int rtpPortMax,
      Duration silenceTimeout) {
    this(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        receiveBuffer,
        tcpPort,
        rtpPortMin,
        rtpPortMax,
        silenceTimeout,
        DEFAULT_RTP_LATCH_PACKETS,
        DEFAULT_RTP_PORT_QUARANTINE);
  }

  /** The same settings, but for the RTP range of phones' and trunks' legs. */
  public MediaConfig withRtpPorts(int min, int max) {
    return new MediaConfig(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        receiveBuffer,
        tcpPort,
        min,
        max,
        silenceTimeout,
        rtpLatchPackets,
        rtpPortQuarantine);
  }

  /** The same settings, but for how long a talking call may be silent. */
  public MediaConfig withSilenceTimeout(Duration timeout) {
    return new MediaConfig(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        receiveBuffer,
        tcpPort,
        rtpPortMin,
        rtpPortMax,
        timeout,
        rtpLatchPackets,
        rtpPortQuarantine);
  }

  /** The same settings, but for how many in-sequence packets teach a phone's leg a new source. */
  public MediaConfig withRtpLatchPackets(int packets) {
    return new MediaConfig(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        receiveBuffer,
        tcpPort,
        rtpPortMin,
        rtpPortMax,
        silenceTimeout,
        packets,
        rtpPortQuarantine);
  }

  /** The same settings, but for how long a released RTP port pair rests. */
  public MediaConfig withRtpPortQuarantine(Duration quarantine) {
    return new MediaConfig(
        bindAddress,
        port,
        publicAddress,
        handshakeThreads,
        handshakeTimeout,
        receiveBuffer,
        tcpPort,
        rtpPortMin,
        rtpPortMax,
        silenceTimeout,
        rtpLatchPackets,
        quarantine);
  }

  public MediaConfig {
    if (rtpPortMin < 1024
        || rtpPortMax > 65535
        || rtpPortMin % 2 != 0
        || rtpPortMax <= rtpPortMin) {
      throw new IllegalArgumentException(
          "the RTP port range must be an even port from 1024 up to a higher one, at most 65535,"
              + " not "
              + rtpPortMin
              + "-"
              + rtpPortMax);
    }
    if (tcpPort < 0 || tcpPort > 65535) {
      throw new IllegalArgumentException("the media TCP port must be 0 to 65535, not " + tcpPort);
    }
    if (receiveBuffer < 65536) {
      throw new IllegalArgumentException(
          "the media receive buffer must be at least 65536 bytes, not " + receiveBuffer);
    }
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("a media bind address is required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the media port must be 1 to 65535, not " + port);
    }
    if (handshakeThreads < 1) {
      throw new IllegalArgumentException("at least one DTLS handshake thread");
    }
    if (silenceTimeout == null || silenceTimeout.isNegative() || silenceTimeout.isZero()) {
      throw new IllegalArgumentException("the media silence timeout must be positive");
    }
    if (rtpLatchPackets < 2) {
      throw new IllegalArgumentException(
          "the RTP latch must need at least 2 packets, not " + rtpLatchPackets);
    }
    if (rtpPortQuarantine == null || rtpPortQuarantine.isNegative()) {
      throw new IllegalArgumentException("the RTP port quarantine must be zero or more");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("the handshake timeout must be positive");
    }
    publicAddress = publicAddress == null || publicAddress.isBlank() ? null : publicAddress;
  }
}
