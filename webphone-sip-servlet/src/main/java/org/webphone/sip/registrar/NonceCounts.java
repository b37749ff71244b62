package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * The highest nonce-count seen for each nonce still alive (RFC 2617 §3.2.2: the client increments
 * nc for each request with the same nonce; a count that does not rise is a replay). Kept by the
 * node that issued the nonce: a nonce is answered to its issuer only ({@link DigestAuthenticator}),
 * so a request replayed to another node is stale there, and no count need cross the wire.
 *
 * <p>Threading: implementations are safe on every thread.
 */
public interface NonceCounts {
  /** Records {@code nc} for {@code nonce}; false when it is not above the highest seen. */
  boolean advance(String nonce, long nc);

  /** Counts kept in this node's memory for a little longer than {@code nonceLifetime}. */
  static NonceCounts local(Duration nonceLifetime, Ticker ticker) {
    return new LocalNonceCounts(nonceLifetime, ticker);
  }
}
