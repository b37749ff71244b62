package org.webphone.media;

import java.time.Duration;

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
 */
public record MediaConfig(
    String bindAddress,
    int port,
    String publicAddress,
    int handshakeThreads,
    Duration handshakeTimeout,
    int receiveBuffer,
    int tcpPort) {
  /** 4 MiB: a quarter of a second of 20,000 packets/s, as the kernel accounts them. */
  public static final int DEFAULT_RECEIVE_BUFFER = 4 << 20;

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
        0);
  }

  public MediaConfig {
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
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("the handshake timeout must be positive");
    }
    publicAddress = publicAddress == null || publicAddress.isBlank() ? null : publicAddress;
  }
}
