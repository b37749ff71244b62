package org.webphone.web.sip;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.webphone.media.MediaConfig;
import org.webphone.sip.call.CallConfig;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.profile.ProfileConfig;
import org.webphone.sip.registrar.RegistrarConfig;
import org.webphone.web.config.WebConfig;

/**
 * Reads the SIP areas' typed configs from MicroProfile Config. Every key has its default and its
 * explanation in {@code META-INF/microprofile-config.properties} of this module (the one place
 * defaults live) and in {@code docs/configuration.md}.
 */
final class SipSettings {
  private SipSettings() {}

  static SipContainerConfig container(Config c) {
    return SipContainerConfig.builder()
        .bindAddress(c.getValue("webphone.sip.bind-address", String.class))
        .publicAddress(c.getOptionalValue("webphone.sip.public-address", String.class).orElse(null))
        .udpPort(c.getValue("webphone.sip.udp-port", Integer.class))
        .tcpPort(c.getValue("webphone.sip.tcp-port", Integer.class))
        // SIP over TLS presents the certificates of LiveKeys (LiveCertificates fills it).
        .tlsPort(c.getValue("webphone.sip.tls-port", Integer.class))
        .webSocketPorts(
            c.getValue("webphone.sip.ws-port", Integer.class),
            c.getValue("webphone.sip.wss-port", Integer.class))
        .threads(c.getValue("webphone.sip.threads", Integer.class))
        .maxQueuedMessages(c.getValue("webphone.sip.max-queued-messages", Integer.class))
        .overload(
            c.getValue("webphone.sip.overload.max-queue-delay-ms", Long.class),
            c.getValue("webphone.sip.overload.retry-after", Integer.class))
        .maxMessageBytes(c.getValue("webphone.sip.max-message-bytes", Integer.class))
        .contactsAsWritten(c.getValue("webphone.sip.contacts-as-written", Boolean.class))
        .build();
  }

  /**
   * This node's address for the other nodes of a cluster ({@code host:port} of its SIP TCP
   * listener): {@code webphone.cluster.node-address}, or the SIP bind address and TCP port; empty
   * when neither names one (a wildcard bind, or no TCP): the node then reaches no other node's
   * phones, nor they its own, which a node alone never needs.
   *
   * @throws IllegalArgumentException for a configured value that is not {@code host:port}
   */
  static String nodeAddress(Config c) {
    String configured =
        c.getOptionalValue("webphone.cluster.node-address", String.class).orElse("");
    if (!configured.isBlank()) {
      if (!configured.matches("[^\\s:]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "webphone.cluster.node-address must be host:port, not " + configured);
      }
      return configured.trim();
    }
    String bind = c.getValue("webphone.sip.bind-address", String.class);
    int tcp = c.getValue("webphone.sip.tcp-port", Integer.class);
    if (tcp == 0 || bind.equals("0.0.0.0") || bind.equals("::")) {
      return "";
    }
    return (bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind) + ":" + tcp;
  }

  static CallConfig calls(Config c) {
    return new CallConfig(
        Duration.ofSeconds(c.getValue("webphone.call.no-answer-timeout", Integer.class)),
        c.getValue("webphone.call.max-per-account", Integer.class),
        c.getValue("webphone.call.max-per-customer", Integer.class),
        Duration.ofSeconds(c.getValue("webphone.call.min-session-expires", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.call.session-expires", Integer.class)),
        Set.of(c.getValue("webphone.call.header-allow", String[].class)));
  }

  /** How long a trunk's, a number's or a customer's standing is cached for calls. */
  static Duration trunkCacheTtl(Config c) {
    return Duration.ofSeconds(c.getValue("webphone.trunk.cache-ttl", Integer.class));
  }

  /** WebSocket connections one address may hold before they sign in (RFC 7118 flows). */
  static int wsMaxUnsignedPerAddress(Config c) {
    return c.getValue("webphone.sip.ws-max-unsigned-per-address", Integer.class);
  }

  /** The nodes' shared digest-nonce secret, when the operator set one. */
  static Optional<String> digestSecret(Config c) {
    return c.getOptionalValue("webphone.registrar.digest-secret", String.class)
        .filter(s -> !s.isBlank());
  }

  /** The media anchor's settings, or null when it is off. */
  static MediaConfig media(Config c) {
    if (!c.getValue("webphone.media.enabled", Boolean.class)) {
      return null;
    }
    return new MediaConfig(
            c.getValue("webphone.media.bind-address", String.class),
            c.getValue("webphone.media.port", Integer.class),
            c.getOptionalValue("webphone.media.public-address", String.class).orElse(null),
            c.getValue("webphone.media.handshake-threads", Integer.class),
            Duration.ofSeconds(c.getValue("webphone.media.handshake-timeout", Integer.class)),
            c.getValue("webphone.media.receive-buffer", Integer.class),
            c.getValue("webphone.media.tcp-port", Integer.class),
            c.getValue("webphone.media.rtp-port-min", Integer.class),
            c.getValue("webphone.media.rtp-port-max", Integer.class),
            Duration.ofSeconds(c.getValue("webphone.media.silence-timeout", Integer.class)))
        .withRtpLatchPackets(c.getValue("webphone.media.rtp-latch-packets", Integer.class))
        .withRtpPortQuarantine(
            Duration.ofSeconds(c.getValue("webphone.media.rtp-port-quarantine", Integer.class)));
  }

  static ProfileConfig profile(Config c) {
    return new ProfileConfig(
        Duration.ofSeconds(c.getValue("webphone.profile.min-expires", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.profile.max-expires", Integer.class)),
        URI.create(WebConfig.from(c).publicUrl() + "/api/phonebook"));
  }

  static RegistrarConfig registrar(Config c) {
    return new RegistrarConfig(
        c.getValue("webphone.sip.domain", String.class),
        c.getValue("webphone.registrar.min-expires", Integer.class),
        c.getValue("webphone.registrar.max-expires", Integer.class),
        c.getValue("webphone.registrar.default-expires", Integer.class),
        Duration.ofSeconds(c.getValue("webphone.registrar.nonce-lifetime", Integer.class)),
        c.getValue("webphone.registrar.auth-failures-per-user", Integer.class),
        c.getValue("webphone.registrar.auth-failures-per-address", Integer.class),
        Duration.ofSeconds(c.getValue("webphone.registrar.auth-failure-window", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.registrar.credentials-cache-ttl", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.registrar.last-known-for", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.registrar.flow-grace-period", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.registrar.probe-interval", Integer.class)),
        c.getValue("webphone.registrar.max-contacts", Integer.class),
        c.getValue("webphone.sip.contacts-as-written", Boolean.class));
  }
}
