package org.webphone.sip.registrar;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Our SIP domain, the host part of every address-of-record ({@code sip:user@domain}): a setting an
 * admin may change while the server runs (Setup → Settings → Domains), so it is asked, not kept.
 * Accounts keep the realm they were created with; the realm of a challenge comes from the account
 * ({@link SipAuthenticator}), the domain only names addresses.
 *
 * <p>Threading: any thread; the source answers from its own cache.
 */
public final class SipDomain {
  private final Supplier<String> source;

  /**
   * @param source the domain now, in lower case (asked per message: it must answer from memory)
   */
  public SipDomain(Supplier<String> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A domain that never changes (tests, and servers without the setting). */
  public static SipDomain fixed(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return new SipDomain(() -> d);
  }

  /** The domain now, in lower case. */
  public String current() {
    return source.get();
  }

  /** True when {@code host} is our domain (host names compare without case, RFC 3261 §19.1.4). */
  public boolean is(String host) {
    return host != null && current().equalsIgnoreCase(host);
  }

  /** {@code sip:user@domain}, the address-of-record of {@code user}. */
  public String aor(String user) {
    return "sip:" + user + "@" + current();
  }

  @Override
  public String toString() {
    return current();
  }
}
