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

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " not in 0..65535");
    }
  }

  /** Defaults for a single node on loopback with UDP and TCP on these ports (0: off). */
  public static SipContainerConfig loopback(int udpPort, int tcpPort) {
    return builder().udpPort(udpPort).tcpPort(tcpPort).build();
  }

  /**
   * A builder with the defaults of a single node on loopback: no port open, stack "webphone", 16
   * threads, 10,000 queued messages, 503 after 400 ms in the queue with Retry-After 5, {@link
   * #DEFAULT_MAX_MESSAGE_BYTES}, in-dialog requests to their peers' sources.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change a few. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindAddress = bindAddress;
    b.publicAddress = publicAddress;
    b.udpPort = udpPort;
    b.tcpPort = tcpPort;
    b.tlsPort = tlsPort;
    b.webSocketPort = webSocketPort;
    b.secureWebSocketPort = secureWebSocketPort;
    b.stackName = stackName;
    b.threadPoolSize = threadPoolSize;
    b.maxQueuedMessages = maxQueuedMessages;
    b.maxQueueDelayMillis = maxQueueDelayMillis;
    b.overloadRetryAfterSeconds = overloadRetryAfterSeconds;
    b.maxMessageBytes = maxMessageBytes;
    b.contactsAsWritten = contactsAsWritten;
    return b;
  }

  /** Names each value; {@link #build} validates them all at once. Not thread-safe. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private String publicAddress;
    private int udpPort;
    private int tcpPort;
    private int tlsPort;
    private int webSocketPort;
    private int secureWebSocketPort;
    private String stackName = "webphone";
    private int threadPoolSize = 16;
    private int maxQueuedMessages = 10_000;
    private long maxQueueDelayMillis = 400;
    private int overloadRetryAfterSeconds = 5;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private boolean contactsAsWritten;

    private Builder() {}

    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    public Builder publicAddress(String address) {
      this.publicAddress = address;
      return this;
    }

    public Builder udpPort(int port) {
      this.udpPort = port;
      return this;
    }

    public Builder tcpPort(int port) {
      this.tcpPort = port;
      return this;
    }

    public Builder tlsPort(int port) {
      this.tlsPort = port;
      return this;
    }

    /** The HTTP and HTTPS ports browsers reach {@code /sip} on (0: that transport off). */
    public Builder webSocketPorts(int ws, int wss) {
      this.webSocketPort = ws;
      this.secureWebSocketPort = wss;
      return this;
    }

    public Builder stackName(String name) {
      this.stackName = name;
      return this;
    }

    public Builder threads(int threads) {
      this.threadPoolSize = threads;
      return this;
    }

    public Builder maxQueuedMessages(int messages) {
      this.maxQueuedMessages = messages;
      return this;
    }

    /** 503 with {@code retryAfterSeconds} once a request has waited {@code maxQueueDelayMillis}. */
    public Builder overload(long maxQueueDelayMillis, int retryAfterSeconds) {
      this.maxQueueDelayMillis = maxQueueDelayMillis;
      this.overloadRetryAfterSeconds = retryAfterSeconds;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder contactsAsWritten(boolean asWritten) {
      this.contactsAsWritten = asWritten;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public SipContainerConfig build() {
      return new SipContainerConfig(
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
          contactsAsWritten);
    }
  }
}
