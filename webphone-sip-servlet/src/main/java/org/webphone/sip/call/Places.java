package org.webphone.sip.call;

/**
 * Counted places under a limit, by key (an account's or a customer's calls): on this node alone
 * ({@link LocalPlaces}) or across a cluster ({@link GridPlaces}). Taking is atomic per key: two
 * calls racing for the last place cannot both get it.
 *
 * <p>Threading: implementations are safe on every thread.
 */
public interface Places {
  /** Places on this node alone. */
  static Places local() {
    return new LocalPlaces();
  }

  /** Takes a place under {@code key} if fewer than {@code limit} are taken; true if it did. */
  boolean take(String key, int limit);

  /** Gives back a place taken under {@code key} (never below none). */
  void give(String key);
}
