package org.webphone.sip.profile;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the phonebook subscriptions, validated once. Keys and defaults: {@code
 * docs/configuration.md}.
 *
 * @param minExpires shortest subscription accepted (423 with Min-Expires below it, RFC 6665
 *     §4.2.1.1)
 * @param maxExpires longest granted; longer requests are shortened
 * @param phonebookUrl where a notified phone fetches the phonebook (the NOTIFY's content
 *     indirection, RFC 4483): the web server's public {@code /api/phonebook}
 */
public record ProfileConfig(Duration minExpires, Duration maxExpires, URI phonebookUrl) {
  public ProfileConfig {
    if (minExpires.isNegative() || minExpires.isZero() || maxExpires.compareTo(minExpires) < 0) {
      throw new IllegalArgumentException(
          "need 0 < min-expires (" + minExpires + ") <= max-expires (" + maxExpires + ")");
    }
    if (!phonebookUrl.isAbsolute()) {
      throw new IllegalArgumentException("the phonebook URL must be absolute: " + phonebookUrl);
    }
  }

  public static ProfileConfig defaults() {
    return new ProfileConfig(
        Duration.ofSeconds(60),
        Duration.ofSeconds(3600),
        URI.create("https://localhost:8443/api/phonebook"));
  }
}
