package org.webphone.sip.registrar;

import java.time.Clock;
import java.time.Duration;

/**
 * Counts failed authentications per (source address, username) and per source address, each in a
 * fixed window that starts with the first failure. Addresses are counted by {@link SourceAddress}
 * (an IPv6 client by its /64). A (source, username) pair over its limit is refused until its window
 * ends, right password or not: that is what stops guessing. A source over its own limit (many
 * usernames) gets its failures refused, but a right password still gets in ({@link
 * #addressRetryAfterSeconds}): one agent's mistakes, or an attacker's behind the same NAT, must not
 * lock a call centre out.
 *
 * <p>The counts live in {@link FailureWindows}: this node's memory, or the data grid, so that the
 * nodes of a cluster count together.
 *
 * <p>Threading: safe on every thread.
 */
public final class AuthThrottle {
  private final int perUserLimit;
  private final int perAddressLimit;
  private final Duration window;
  private final Clock clock;
  private final FailureWindows perUser;
  private final FailureWindows perAddress;

  /** Counts in this node's memory (a node alone). */
  public static AuthThrottle local(
      int perUserLimit, int perAddressLimit, Duration window, Clock clock) {
    // Bounded: a scanner rotating addresses cannot grow these without limit.
    return new AuthThrottle(
        perUserLimit,
        perAddressLimit,
        window,
        clock,
        FailureWindows.local(window, 200_000, () -> clock.millis() * 1_000_000L),
        FailureWindows.local(window, 50_000, () -> clock.millis() * 1_000_000L));
  }

  /**
   * @param perUser failures per (source, username), in windows of {@code window}
   * @param perAddress failures per source, in windows of {@code window}
   */
  public AuthThrottle(
      int perUserLimit,
      int perAddressLimit,
      Duration window,
      Clock clock,
      FailureWindows perUser,
      FailureWindows perAddress) {
    if (perUserLimit < 1 || perAddressLimit < perUserLimit) {
      throw new IllegalArgumentException(
          "need 1 <= perUserLimit ("
              + perUserLimit
              + ") <= perAddressLimit ("
              + perAddressLimit
              + ")");
    }
    this.perUserLimit = perUserLimit;
    this.perAddressLimit = perAddressLimit;
    this.window = window;
    this.clock = clock;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /** Seconds the source must wait, either limit, or 0 when it may try. */
  public long retryAfterSeconds(String address, String username) {
    return Math.max(addressRetryAfterSeconds(address), userRetryAfterSeconds(address, username));
  }

  /** Seconds before {@code username} may be tried again from {@code address}, or 0. */
  public long userRetryAfterSeconds(String address, String username) {
    return username == null
        ? 0
        : waitFor(perUser, SourceAddress.key(address) + "\n" + username, perUserLimit);
  }

  /** Seconds before {@code address} may fail again with any username, or 0. */
  public long addressRetryAfterSeconds(String address) {
    return waitFor(perAddress, SourceAddress.key(address), perAddressLimit);
  }

  public void failed(String address, String username) {
    String source = SourceAddress.key(address);
    long now = clock.millis();
    perAddress.fail(source, now);
    if (username != null) {
      perUser.fail(source + "\n" + username, now);
    }
  }

  private long waitFor(FailureWindows windows, String key, int limit) {
    long now = clock.millis();
    FailureWindows.Window w = windows.window(key, now);
    if (w == null || w.failures() < limit) {
      return 0;
    }
    long left = window.toMillis() - (now - w.startMillis());
    return Math.max(1, (left + 999) / 1000);
  }
}
