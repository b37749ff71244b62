package org.webphone.trunk;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A trunk as the call router sees it: an immutable copy of the {@link Trunk} row, safe to keep in a
 * cache and to share between threads. Its {@link #toString()} leaves the password out.
 *
 * @param customerId the customer whose own trunk it is; null for a global trunk
 * @param prefixes E.164 prefixes this trunk carries ({@code +49}); empty: every number
 * @param region ISO 3166 country of the trunk, for {@link NumberFormat#NATIONAL}; may be null
 * @param techPrefix digits put before every number we send (a carrier's routing code); may be null
 * @param realm the one digest realm our credentials answer for this trunk (RFC 3261 §22.2); null
 *     for a trunk stored before realms were kept: any realm its own host asks for
 * @param assertsIdentity the trunk is in our trust domain (RFC 3325 §2.3): it gets our
 *     P-Asserted-Identity and its own names its callers
 * @param inbound how calls from the network are recognised as this trunk's
 */
public record TrunkRoute(
    long id,
    String name,
    Long customerId,
    String host,
    int port,
    Transport transport,
    String username,
    String password,
    String realm,
    List<String> prefixes,
    NumberFormat format,
    String region,
    String techPrefix,
    int priority,
    boolean assertsIdentity,
    Inbound inbound) {
  private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
  private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");

  public TrunkRoute {
    prefixes = List.copyOf(prefixes);
    java.util.Objects.requireNonNull(inbound, "inbound");
  }

  /** A route to build with named parts ({@link TrunkRouteBuilder} says the defaults). */
  public static TrunkRouteBuilder builder(String name, String host, int port) {
    return new TrunkRouteBuilder(name, host, port);
  }

  /** A builder holding this route's parts, to change a few. */
  public TrunkRouteBuilder toBuilder() {
    return new TrunkRouteBuilder(this);
  }

  /**
   * How calls from the network are recognised as a trunk's. Its {@link #toString()} leaves the
   * password out.
   *
   * @param addresses {@code ip} or {@code ip:port} entries the trunk sends from; for {@link
   *     InboundTrust#DIGEST}, empty means any address
   * @param username the digest username the trunk authenticates with ({@link InboundTrust#DIGEST})
   * @param password its password, opened; null where none is stored
   */
  public record Inbound(
      InboundTrust trust, List<String> addresses, String username, String password) {
    public Inbound {
      java.util.Objects.requireNonNull(trust, "trust");
      addresses = List.copyOf(addresses);
    }

    /** Takes no calls in. */
    public static Inbound none() {
      return new Inbound(InboundTrust.NONE, List.of(), null, null);
    }

    /** Recognised by its source address alone. */
    public static Inbound byAddress(List<String> addresses) {
      return new Inbound(InboundTrust.ADDRESS, addresses, null, null);
    }

    /**
     * Recognised by its TLS client certificate, from {@code addresses} only unless that is empty.
     */
    public static Inbound byCertificate(List<String> addresses) {
      return new Inbound(InboundTrust.CERTIFICATE, addresses, null, null);
    }

    /** Recognised by digest credentials, from {@code addresses} only unless that is empty. */
    public static Inbound byDigest(String username, String password, List<String> addresses) {
      return new Inbound(InboundTrust.DIGEST, addresses, username, password);
    }

    /** Whether {@code address}:{@code port} is one the trunk's calls may come from. */
    boolean allows(String address, int port) {
      if (trust != InboundTrust.ADDRESS && addresses.isEmpty()) {
        return true;
      }
      for (String a : addresses) {
        if (a.equals(address) || a.equals(address + ":" + port)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return trust + (username == null ? "" : " as " + username) + " from " + addresses;
    }
  }

  /** Whether {@code customer} may send calls through this trunk. */
  public boolean serves(long customer) {
    return customerId == null || customerId == customer;
  }

  /**
   * How well this trunk matches an E.164 number: the length of its longest prefix of it, 0 for a
   * trunk that takes every number, -1 for one that does not take it.
   */
  public int match(String e164) {
    if (prefixes.isEmpty()) {
      return 0;
    }
    int best = -1;
    for (String p : prefixes) {
      if (e164.startsWith(p) && p.length() > best) {
        best = p.length();
      }
    }
    return best;
  }

  /** {@code e164} as this trunk wants it in the Request-URI and To of our INVITE. */
  public String dial(String e164) {
    String number =
        switch (format) {
          case E164 -> e164;
          case DIGITS -> e164.substring(1);
          case NATIONAL -> national(e164);
        };
    return techPrefix == null ? number : techPrefix + number;
  }

  /** Our number {@code e164} as this trunk expects a calling number (From), without tech prefix. */
  public String callingNumber(String e164) {
    return switch (format) {
      case E164 -> e164;
      case DIGITS -> e164.substring(1);
      case NATIONAL -> national(e164);
    };
  }

  /**
   * A number this trunk sent us (a DID it delivers, or a caller's number) in E.164, when it can be
   * read: {@code +49...}, {@code 0049...}, or the trunk's own format.
   */
  public Optional<String> read(String sent) {
    if (sent == null) {
      return Optional.empty();
    }
    String digits = sent.replaceAll("[\\s\\-.()]", "");
    if (!digits.matches("\\+?[0-9]{2,20}")) {
      return Optional.empty();
    }
    if (digits.startsWith("+")) {
      return Optional.of(digits);
    }
    if (format == NumberFormat.DIGITS) {
      return Optional.of("+" + digits);
    }
    if (region == null) {
      return digits.startsWith("00") ? Optional.of("+" + digits.substring(2)) : Optional.empty();
    }
    try {
      PhoneNumber n = NUMBERS.parse(digits, region);
      return Optional.of(NUMBERS.format(n, PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a request from {@code address}:{@code port} comes from this trunk by its address alone
   * ({@link InboundTrust#ADDRESS}).
   */
  public boolean sentFrom(String address, int port) {
    return inbound.trust() == InboundTrust.ADDRESS && inbound.allows(address, port);
  }

  /**
   * Whether a request from {@code address}:{@code port} that authenticated as {@code username} is
   * this trunk's ({@link InboundTrust#DIGEST}).
   */
  public boolean authenticatesAs(String username, String address, int port) {
    return inbound.trust() == InboundTrust.DIGEST
        && username != null
        && username.equals(inbound.username())
        && inbound.password() != null
        && inbound.allows(address, port);
  }

  /**
   * Whether a request from {@code address}:{@code port} over TLS whose client certificate names
   * {@code certified} (its subjectAltNames, lower case) is this trunk's ({@link
   * InboundTrust#CERTIFICATE}): one of them names the trunk's host, a wildcard only its left-most
   * label (RFC 6125 §6.4.3).
   */
  public boolean certifiedAs(List<String> certified, String address, int port) {
    if (inbound.trust() != InboundTrust.CERTIFICATE || !inbound.allows(address, port)) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    for (String name : certified) {
      if (name.equals(h)
          || (name.startsWith("*.")
              && !h.matches("[0-9.]+|.*:.*") // an address matches no wildcard
              && h.indexOf('.') > 0
              && h.substring(h.indexOf('.')).equals(name.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether our credentials may answer a challenge for {@code challengeRealm}. */
  public boolean answersRealm(String challengeRealm) {
    return realm == null || realm.equals(challengeRealm);
  }

  private String national(String e164) {
    if (region == null) {
      return e164.substring(1);
    }
    try {
      PhoneNumber n = NUMBERS.parse(e164, "ZZ");
      return NOT_DIGIT.matcher(NUMBERS.formatOutOfCountryCallingNumber(n, region)).replaceAll("");
    } catch (NumberParseException e) {
      return e164.substring(1); // E.164 was validated when dialled; this is only defence
    }
  }

  @Override
  public String toString() {
    return "trunk " + name + " (" + host + ":" + port + ";" + transport + ")";
  }
}
