package org.webphone.sip.container;

import java.util.Objects;

/**
 * Everything the SIP container needs to start, validated once. The application builds it from
 * MicroProfile Config; the keys and their defaults are documented in {@code docs/configuration.md}.
 *
 * @param bindAddress local address the SIP listening points bind to
 * @param publicAddress address written into Via/Contact when it differs from the bind address
 *     (behind NAT), or {@code null}
 * @param udpPort UDP port, 0 to disable UDP
 * @param tcpPort TCP port, 0 to disable TCP
 * @param tlsPort TLS port, 0 to disable TLS
 * @param webSocketPort the HTTP port browsers reach {@code ws://…/sip} on (it only labels the WS
 *     transport: the web server owns the socket), 0 to disable WS
 * @param secureWebSocketPort the same for HTTPS and {@code wss://…/sip}, 0 to disable WSS
 * @param stackName JAIN-SIP stack name, used in thread names and logs
 * @param threadPoolSize JAIN-SIP worker threads for incoming messages
 * @param maxQueuedMessages bound on SIP messages queued for processing before the core sheds load
 * @param maxQueueDelayMillis how long a UDP request may wait for a worker before new requests get
 *     503 (see {@link OverloadValve})
 * @param overloadRetryAfterSeconds the Retry-After of those 503s
 * @param maxMessageBytes the largest SIP message served (start line, headers and body); larger ones
 *     get 513 over TCP, TLS and WebSocket and are dropped over UDP (see {@link
 *     UnservedRequestValve})
 * @param contactsAsWritten in-dialog requests go to the peer's Contact as written, not to where its
 *     messages came from ({@link ContactAliasValve}); for networks without NAT whose peers send
 *     from other addresses than they are reached at
 */
public record SipContainerConfig(
    String bindAddress,
    String publicAddress,
    int udpPort,
    int tcpPort,
    int tlsPort,
    int webSocketPort,
    int secureWebSocketPort,
    String stackName,
    int threadPoolSize,
    int maxQueuedMessages,
    long maxQueueDelayMillis,
    int overloadRetryAfterSeconds,
    int maxMessageBytes,
    boolean contactsAsWritten) {

  /** 16 KB: a REGISTER is under 1 KB and an INVITE with a WebRTC offer under 8 KB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16_384;

  /**
   * JAIN-SIP's own bound ({@code MAX_MESSAGE_SIZE}): a stream message past it closes its connection
   * unanswered; 65,535 is also the largest UDP datagram.
   */
  static final int STACK_MAX_MESSAGE_BYTES = 65_535;

  public SipContainerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(stackName, "stackName");
    checkPort("udpPort", udpPort);
    checkPort("tcpPort", tcpPort);
    checkPort("tlsPort", tlsPort);
    checkPort("webSocketPort", webSocketPort);
    checkPort("secureWebSocketPort", secureWebSocketPort);
    if (udpPort == 0 && tcpPort == 0 && tlsPort == 0) {
      throw new IllegalArgumentException("at least one of udpPort, tcpPort, tlsPort must be set");
    }
    if (threadPoolSize < 1 || threadPoolSize > 512) {
      throw new IllegalArgumentException("threadPoolSize " + threadPoolSize + " not in 1..512");
    }
    if (maxQueuedMessages < 1) {
      throw new IllegalArgumentException("maxQueuedMessages " + maxQueuedMessages + " < 1");
    }
    if (maxQueueDelayMillis < 1) {
      throw new IllegalArgumentException("maxQueueDelayMillis " + maxQueueDelayMillis + " < 1");
    }
    if (overloadRetryAfterSeconds < 1) {
      throw new IllegalArgumentException(
          "overloadRetryAfterSeconds " + overloadRetryAfterSeconds + " < 1");
    }
    if (maxMessageBytes < 1024 || maxMessageBytes > STACK_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "maxMessageBytes " + maxMessageBytes + " not in 1024.." + STACK_MAX_MESSAGE_BYTES);
    }
    if (publicAddress != null && publicAddress.isBlank()) {
      publicAddress = null;
    }
  }

  /** The same with in-dialog requests sent to their peers' sources (the default). */
  public SipContainerConfig(
      String bindAddress,
      String publicAddress,
      int udpPort,
      int tcpPort,
      int tlsPort,
      int webSocketPort,
      int secureWebSocketPort,
      String stackName,
      int threadPoolSize,
      int maxQueuedMessages,
      long maxQueueDelayMillis,
      int overloadRetryAfterSeconds,
      int maxMessageBytes) {
    this(
        bindAddress,
        publicAddress,
        udpPort,
        tcpPort,
        tlsPort,
        webSocketPort,
        secureWebSocketPort,
        stackName,
        threadPoolSize,
        maxQueuedMessages,
        maxQueueDelayMillis,
        overloadRetryAfterSeconds,
        maxMessageBytes,
        false);
  }

  /** The same with the default {@link #DEFAULT_MAX_MESSAGE_BYTES}. */
  public SipContainerConfig(
      String bindAddress,
      String publicAddress,
      int udpPort,
      int tcpPort,
      int tlsPort,
      int webSocketPort,
      int secureWebSocketPort,
      String stackName,
      int threadPoolSize,
      int maxQueuedMessages,
      long maxQueueDelayMillis,
      int overloadRetryAfterSeconds) {
    this(
        bindAddress,
        publicAddress,
        udpPort,
        tcpPort,
        tlsPort,
        webSocketPort,
        secureWebSocketPort,
        stackName,
        threadPoolSize,
        maxQueuedMessages,
        maxQueueDelayMillis,
        overloadRetryAfterSeconds,
        DEFAULT_MAX_MESSAGE_BYTES);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " not in 0..65535");
    }
  }

  /** Defaults for a single node on loopback; tests override the ports. */
  public static SipContainerConfig loopback(int udpPort, int tcpPort) {
    return new SipContainerConfig(
        "127.0.0.1", null, udpPort, tcpPort, 0, 0, 0, "webphone", 16, 10_000, 400, 5);
  }
}
