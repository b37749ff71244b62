package org.webphone.sip.registrar;

import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Nonce-counts in the data grid, shared by every node, for digest clients that a front may send to
 * any node (HTTP: {@code /api/token}); a SIP phone answers its own node's nonces, counted there
 * ({@link DigestAuthenticator}). Each advance is an entry processor on the member that owns the
 * nonce (atomic; never a read-modify-write across the wire). The cache must let entries expire a
 * little after a nonce's lifetime (its creator's job: {@code SipBeans}).
 *
 * <p>Only a request whose credentials are right gets here, so the entries grow with legitimate
 * traffic, never with an attacker's guesses.
 *
 * <p>Threading: safe on every thread.
 */
public final class GridNonceCounts implements NonceCounts {
  private final Cache<String, Long> highest;

  public GridNonceCounts(Cache<String, Long> highest) {
    this.highest = highest;
  }

  @Override
  public boolean advance(String nonce, long nc) {
    return highest.invoke(nonce, new Advance(nc));
  }

  /** Raises the nonce's highest count to {@code nc}, if that is a rise. */
  private record Advance(long nc) implements EntryProcessor<String, Long, Boolean>, Serializable {
    @Override
    public Boolean process(MutableEntry<String, Long> entry, Object... args) {
      if (entry.exists() && entry.getValue() >= nc) {
        return false;
      }
      entry.setValue(nc);
      return true;
    }
  }
}
