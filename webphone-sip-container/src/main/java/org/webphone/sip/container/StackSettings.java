package org.webphone.sip.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.mobicents.servlet.sip.SipConnector;
import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;

/** The JAIN-SIP stack properties and dispatcher settings, in one place, each with its reason. */
final class StackSettings {
  private StackSettings() {}

  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static SipConnector[] connectors(SipContainerConfig config) {
    List<SipConnector> result = new ArrayList<>();
    addConnector(result, config, "UDP", config.udpPort());
    addConnector(result, config, "TCP", config.tcpPort());
    addConnector(result, config, "TLS", config.tlsPort());
    addConnector(result, config, "WS", config.webSocketPort());
    addConnector(result, config, "WSS", config.secureWebSocketPort());
    return result.toArray(new SipConnector[0]);
  }

  private static void addConnector(
      List<SipConnector> connectors, SipContainerConfig config, String transport, int port) {
    if (port == 0) {
      return;
    }
    SipConnector c = new SipConnector();
    c.setIpAddress(config.bindAddress());
    c.setPort(port);
    c.setTransport(transport);
    if (config.publicAddress() != null) {
      c.setStaticServerAddress(config.publicAddress());
      c.setStaticServerPort(port);
      c.setUseStaticAddress(true);
    }
    connectors.add(c);
  }

  /**
   * @param servedMethods the methods the applications start something with; empty for every method
   */
  static Properties stackProperties(
      SipContainerConfig config, java.util.Set<String> servedMethods) {
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", config.stackName());
    // TLS keys that can change while the listener runs (certificates added in the control panel).
    p.setProperty(
        "gov.nist.javax.sip.NETWORK_LAYER",
        org.webphone.sip.container.tls.LiveNetworkLayer.class.getName());
    // The core puts the next hop it chose (FlowLocator) on each request as a Route header marked
    // dns_route; this router sends there and takes the header off. The stack's default router
    // would send it on to the peer, a Route nobody asked for (RFC 3261 §8.1.2).
    p.setProperty("javax.sip.ROUTER_PATH", "org.mobicents.ext.javax.sip.dns.DNSAwareRouter");
    // The core creates dialogs itself (JSR 289 §6.2.3); the stack must not.
    p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    p.setProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING", "false");
    // Required by the core: it relays ACKs for non-2xx and checks dialogs itself.
    p.setProperty("gov.nist.javax.sip.LOOSE_DIALOG_VALIDATION", "true");
    p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "true");
    p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
    p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(config.threadPoolSize()));
    p.setProperty("gov.nist.javax.sip.MAX_FORK_TIME_SECONDS", "0");
    // A non-INVITE server transaction lives 32 s after its answer over UDP (RFC 3261 §17.2.2,
    // Timer J) to absorb retransmissions. Keeping only the encoded messages (not the parsed
    // objects) halves what each one holds; at 2,000 registrations/s that is the difference
    // between 0.5 GB and an OutOfMemoryError.
    p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
    // Connections to phones are theirs to keep: closing them after a transaction would cut off
    // a phone behind NAT from every request sent to it (RFC 5626 §3.5.1).
    p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
    p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
    // Bound every message (RFC 3261 §18.1.1 leaves the size to us); an unbounded TCP message is a
    // way to exhaust the heap.
    // Our own, configurable bound answers 513 (UnservedRequestValve); this one is the backstop.
    p.setProperty(
        "gov.nist.javax.sip.MAX_MESSAGE_SIZE",
        Integer.toString(SipContainerConfig.STACK_MAX_MESSAGE_BYTES));
    p.setProperty(
        "gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE",
        Integer.toString(config.threadPoolSize()));
    p.setProperty(
        "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", VersionCheckingParserFactory.class.getName());
    // Malformed-but-parseable requests get their RFC answer first (RequestSanityValve); in-dialog
    // requests for dialogs this node never made get 481 and are never relayed (UnknownDialogValve);
    // past this queueing delay, new requests get 503 + Retry-After instead of waiting (see
    // OverloadValve); the stack's own congestion control would drop them silently after 8 s.
    // Last, on what the others let through: dialogs' remote targets become where their peers'
    // messages come from (ContactAliasValve), unless the operator wants contacts as written.
    List<String> valves =
        new java.util.ArrayList<>(
            List.of(
                RequestSanityValve.class.getName(),
                UnservedRequestValve.class.getName(),
                UnknownDialogValve.class.getName(),
                OverloadValve.class.getName()));
    if (!config.contactsAsWritten()) {
      valves.add(ContactAliasValve.class.getName());
    }
    p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", String.join(",", valves));
    p.setProperty(UnservedRequestValve.SERVED_METHODS, String.join(",", servedMethods));
    p.setProperty(
        UnservedRequestValve.MAX_MESSAGE_BYTES, Integer.toString(config.maxMessageBytes()));
    p.setProperty(OverloadValve.MAX_QUEUE_DELAY_MS, Long.toString(config.maxQueueDelayMillis()));
    p.setProperty(
        OverloadValve.RETRY_AFTER_SECONDS, Integer.toString(config.overloadRetryAfterSeconds()));
    // SIP over TLS: 1.2 and 1.3 only. JAIN-SIP's own default list is 1.2, 1.1 and 1.0 (without
    // 1.3); the list applies to its server sockets too.
    p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
    // Its default cipher list is RSA key exchange with CBC and 3DES plus anonymous DH, and no TLS
    // 1.3
    // suite at all: an ECDSA key (the run command's) then negotiates nothing, and TLS 1.3 never.
    // Mozilla's "intermediate" list: forward secrecy and AEAD only, for ECDSA and RSA keys.
    p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", CIPHER_SUITES));
    // Every TLS client is asked for a certificate and none is required: phones authenticate with
    // digest, a trunk may be recognised by its certificate (PeerCertificates). One presented must
    // chain to a CA the node trusts, or the handshake fails.
    p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Want");
    // Logging goes through log4j (reload4j), bridged to the server's logging at WARN: INFO and
    // message logging from the stack under load filled the heap in our measurements.
    p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "LOG4J");
    p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
    p.setProperty("gov.nist.javax.sip.LOG_STACK_TRACE_ON_MESSAGE_SEND", "false");
    return p;
  }

  /**
   * Every Via, Route and Record-Route value on a line of its own, as most stacks send them, instead
   * of JAIN-SIP's one comma-separated line. Both forms mean the same (RFC 3261 §7.3.1), but JsSIP
   * (3.x, in every browser phone) reads only the last value of a Via line: a request that a node
   * proxies to a browser (a call through the callee's node, docs/cluster.md) carries two Vias, and
   * JsSIP took the second one's branch for the transaction's. It then answered the CANCEL of that
   * INVITE 481 (RFC 3261 §9.2 matches by the top Via's branch) and kept ringing. The setting is
   * JAIN-SIP's own and global to its classes, which this application's class loader holds.
   */
  static void encodeHeaderListsPerLine() {
    gov.nist.javax.sip.header.SIPHeaderList.setPrettyEncode(true);
  }

  static void configure(SipApplicationDispatcherImpl dispatcher, SipContainerConfig config) {
    dispatcher.setDomain(config.stackName());
    // RFC 3261 §17.1.1.1 default timer values: T1 500 ms, T2 4 s, T4 5 s, Timer D 32 s.
    dispatcher.setBaseTimerInterval(500);
    dispatcher.setT2Interval(4000);
    dispatcher.setT4Interval(5000);
    dispatcher.setTimerDInterval(32000);
    // The core's congestion control answers 503 past these marks instead of queueing forever.
    dispatcher.setMemoryThreshold(95);
    dispatcher.setBackToNormalMemoryThreshold(90);
    dispatcher.setQueueSize(config.maxQueuedMessages());
    dispatcher.setBackToNormalQueueSize(config.maxQueuedMessages() * 9 / 10);
    dispatcher.setCongestionControlCheckingInterval(30_000);
    dispatcher.setCongestionControlPolicyByName("ErrorResponse");
    // Statistics would be reported to the vendor's server: off (see StatisticsSilencer).
    dispatcher.setGatherStatistics(false);
    dispatcher.setConcurrencyControlMode(
        org.mobicents.servlet.sip.annotation.ConcurrencyControlMode.SipApplicationSession);
    // Run servlets on the JAIN-SIP thread that received the message: one hand-off fewer, and the
    // stack's own thread pool bounds the concurrency.
    dispatcher.setBypassRequestExecutor(true);
    dispatcher.setBypassResponseExecutor(true);
  }
}
