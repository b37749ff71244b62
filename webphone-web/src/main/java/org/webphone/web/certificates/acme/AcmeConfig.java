package org.webphone.web.certificates.acme;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of certificate orders over ACME (RFC 8555), validated once. Keys and defaults: {@code
 * docs/configuration.md}. Nothing here makes the server connect anywhere by itself: the directory
 * is only asked when an admin orders a certificate, or to renew one ordered from it.
 *
 * @param directory the certificate authority proposed on the order form (an admin may name another)
 * @param trust extra certificates (PEM) trusted for the directory's HTTPS besides the JDK's, for a
 *     private CA
 * @param poll how often an order's progress is asked for when the CA names no Retry-After
 * @param timeout how long one order may take before it is given up
 * @param renewBefore a certificate is renewed when less than this is left; empty: 30 days, or a
 *     third of its lifetime when that is shorter (see {@link RenewalRule})
 * @param checkEvery how often the server looks for certificates due for renewal
 */
public record AcmeConfig(
    URI directory,
    Optional<Path> trust,
    Duration poll,
    Duration timeout,
    Optional<Duration> renewBefore,
    Duration checkEvery) {
  /**
   * The {@code webphone.acme.*} keys, mapped here only; their defaults are in {@code
   * microprofile-config.properties} ({@code trust} empty: the JDK's trust store alone; {@code
   * renew-before} 0: 30 days before the end, or a third of a short-lived certificate's lifetime).
   */
  public static AcmeConfig from(Config c) {
    long renew = c.getValue("webphone.acme.renew-before", Long.class);
    return new AcmeConfig(
        URI.create(c.getValue("webphone.acme.directory", String.class)),
        c.getOptionalValue("webphone.acme.trust", String.class)
            .filter(s -> !s.isBlank())
            .map(Path::of),
        Duration.ofMillis(c.getValue("webphone.acme.poll-interval", Long.class)),
        Duration.ofSeconds(c.getValue("webphone.acme.timeout", Long.class)),
        renew == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(renew)),
        Duration.ofSeconds(c.getValue("webphone.acme.check-interval", Long.class)));
  }

  public AcmeConfig {
    if (!directory.isAbsolute() || !"https".equalsIgnoreCase(directory.getScheme())) {
      throw new IllegalArgumentException(
          "webphone.acme.directory must be an https URL (RFC 8555 §6.1): " + directory);
    }
    positive("webphone.acme.poll-interval", poll);
    positive("webphone.acme.timeout", timeout);
    renewBefore.ifPresent(d -> positive("webphone.acme.renew-before", d));
    positive("webphone.acme.check-interval", checkEvery);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + d);
    }
  }

  public static AcmeConfig defaults() {
    return new AcmeConfig(
        URI.create("https://acme-v02.api.letsencrypt.org/directory"),
        Optional.empty(),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Optional.empty(),
        Duration.ofHours(12));
  }
}
