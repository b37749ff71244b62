package org.webphone.site;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.webphone.account.InstantConverter;

/**
 * An HTTP-01 answer (RFC 8555 §8.3) while the certificate authority validates it: the body to serve
 * at {@code /.well-known/acme-challenge/<token>}.
 */
@Cacheable(false)
@Entity
@Table(name = "acme_challenge")
public class AcmeChallenge implements Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "token", nullable = false, length = 128)
  private String token;

  @Column(name = "content", nullable = false, length = 512)
  private String content;

  @Column(name = "expires_at", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant expiresAt;

  protected AcmeChallenge() {}

  public AcmeChallenge(String token, String content, Instant expiresAt) {
    this.token = token;
    this.content = content;
    this.expiresAt = expiresAt;
  }

  public String getToken() {
    return token;
  }

  public String getContent() {
    return content;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }
}
