package org.webphone.web.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What the web side says while the database is away, shared by the pages' filter ({@link
 * DatabaseUnavailableFilter}) and the API's mapper: one {@code Retry-After}, and one warning a
 * minute at most for the whole node, however many requests (pages and API alike) are answered 503.
 *
 * <p>Threading: any request thread; lock-free.
 */
public final class DatabaseAway {
  /** The {@code Retry-After} of a 503 (RFC 9110 §10.2.3): the next try is not before this. */
  public static final int RETRY_AFTER_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(DatabaseAway.class.getName());
  private static final long LOG_EVERY_MILLIS = 60_000;
  private static final AtomicLong loggedAt = new AtomicLong();

  private DatabaseAway() {}

  /** A request was answered 503 for the outage; {@code what} names it for the log (no secrets). */
  public static void answered(String what) {
    long now = System.currentTimeMillis();
    long last = loggedAt.get();
    if (now - last >= LOG_EVERY_MILLIS && loggedAt.compareAndSet(last, now)) {
      LOG.warning("requests answered 503: the database is away (" + what + " and others)");
    }
  }
}
