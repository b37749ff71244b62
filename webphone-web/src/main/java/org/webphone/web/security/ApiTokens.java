package org.webphone.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens for {@code /api}: {@code base64url(expiry || subject) "." base64url(HMAC-SHA256)}.
 * Stateless, so every node of a cluster that shares the server secret accepts every node's tokens,
 * and nothing has to be stored or cleaned up; the price is that a token cannot be revoked before it
 * expires, which is why it lives minutes ({@code webphone.api.token-lifetime}). The subject is the
 * phone's address-of-record, {@code sip:user@domain}.
 *
 * <p>Threading: immutable after construction; safe on every thread.
 */
@ApplicationScoped
public class ApiTokens {
  /** A token the server issued. */
  public record Issued(String token, Instant expires) {}

  private Clock clock = Clock.systemUTC();
  private byte[] key;
  private Duration lifetime;

  protected ApiTokens() {}

  @Inject
  ApiTokens(
      ServerSecret secret,
      @ConfigProperty(name = "webphone.api.token-lifetime") long lifetimeSeconds) {
    this(secret.derive("api tokens"), Duration.ofSeconds(lifetimeSeconds), Clock.systemUTC());
  }

  ApiTokens(byte[] key, Duration lifetime, Clock clock) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("webphone.api.token-lifetime must be positive");
    }
    this.key = key.clone();
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public Issued issue(String subject) {
    Instant expires = Instant.ofEpochSecond(clock.instant().getEpochSecond()).plus(lifetime);
    byte[] s = subject.getBytes(StandardCharsets.UTF_8);
    byte[] body =
        ByteBuffer.allocate(8 + s.length).putLong(expires.getEpochSecond()).put(s).array();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return new Issued(b64.encodeToString(body) + "." + b64.encodeToString(mac(body)), expires);
  }

  /** The subject of a valid, unexpired token; empty for anything else. */
  public Optional<String> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    byte[] body;
    byte[] tag;
    try {
      body = Base64.getUrlDecoder().decode(token.substring(0, dot));
      tag = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (body.length <= 8 || !MessageDigest.isEqual(tag, mac(body))) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    long expires = b.getLong();
    if (clock.instant().getEpochSecond() >= expires) {
      return Optional.empty();
    }
    return Optional.of(new String(body, 8, body.length - 8, StandardCharsets.UTF_8));
  }

  public Duration lifetime() {
    return lifetime;
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
