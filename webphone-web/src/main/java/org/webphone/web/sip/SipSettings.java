package org.webphone.web.sip;

import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.webphone.media.MediaConfig;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.profile.ProfileConfig;
import org.webphone.sip.registrar.RegistrarConfig;

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
        URI.create(
            c.getValue("webphone.web.public-url", String.class).replaceAll("/+$", "")
                + "/api/phonebook"));
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
        Duration.ofSeconds(c.getValue("webphone.registrar.flow-grace-period", Integer.class)),
        Duration.ofSeconds(c.getValue("webphone.registrar.probe-interval", Integer.class)),
        c.getValue("webphone.registrar.max-contacts", Integer.class),
        c.getValue("webphone.sip.contacts-as-written", Boolean.class));
  }
}
