package org.webphone.sip.registrar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import org.webphone.account.DigestCredentials;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22.4 with RFC 2617 qop=auth, MD5).
 *
 * <p>Nonces are stateless: {@code base64url(issued-at || salt || issuer || HMAC-SHA256(secret,
 * issued-at || salt || issuer || realm || source))}, where the source is the client's address
 * ({@link SourceAddress}: an IPv6 client's /64) and the issuer names this authenticator (a node,
 * for one run).
 *
 * <p>For SIP a nonce is answered to its issuer only: right credentials on another issuer's nonce (a
 * phone that moved to another node of a cluster, or a node that restarted) are stale, and the
 * client retries with one of ours without re-prompting its user. So the nonce-counts that stop a
 * replay (RFC 2617 §3.2.2) are this node's alone, complete for every nonce it accepts, and a
 * request replayed to another node is stale there: no node asks the data grid on every request, as
 * Kamailio's nonce-count check is per instance too. HTTP clients, which a front may send to any
 * node with each request, are answered on any node, with the cluster's nonce-counts instead. A
 * nonce not issued to this source, ours for someone else or forged, is met with a new challenge and
 * counts as no failure: a datagram with a spoofed source cannot spend the real source's allowance
 * of failures, because it never saw a nonce issued to that source. One issued to this source that
 * is older than the lifetime is stale, and the client is asked to retry with a fresh one without
 * re-prompting its user (RFC 7616 §3.3 stale=true).
 *
 * <p>The credentials' {@code uri} must name the request's own target (RFC 2617 §3.2.2.5; compared
 * as URIs, RFC 3261 §19.1.4): credentials computed for a request to another server or domain cannot
 * be replayed on this one. Its Request-URI, or this node's own address as the phone sent to it:
 * desk phones and SIPp write their outbound proxy's address there.
 *
 * <p>Threading: immutable; safe on every JAIN-SIP thread.
 */
public final class DigestAuthenticator {
  private static final HeaderFactory HEADERS = headerFactory();
  private static final AddressFactory ADDRESSES = addressFactory();
  private final byte[] secret;
  private final Duration lifetime;
  private final Clock clock;
  private final NonceCounts nonceCounts;
  private final int issuer;
  private final boolean issuerOnly;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  /** What became of a request's credentials. */
  public sealed interface Outcome {}

  /** No Authorization header for our realm: challenge. */
  public record Missing() implements Outcome {}

  /**
   * Right credentials on a nonce that has expired, or a nonce-count that did not rise (a replay, or
   * a client that reuses the nonce wrongly): challenge again with a fresh nonce, stale=true.
   */
  public record Stale() implements Outcome {}

  /**
   * Unknown user, wrong password, forged nonce or malformed header: one answer for all.
   *
   * @param username the username the credentials claimed, or null
   */
  public record Failed(String reason, String username) implements Outcome {}

  /** Authenticated as {@code username}. */
  public record Authenticated(String username) implements Outcome {}

  /**
   * Nonces answered to this authenticator only, their counts in this node's memory: for SIP, where
   * every request authenticates and a phone stays on its node.
   */
  public DigestAuthenticator(byte[] secret, Duration lifetime, Clock clock) {
    this(
        secret,
        lifetime,
        clock,
        NonceCounts.local(lifetime, () -> clock.millis() * 1_000_000L),
        true);
  }

  /**
   * @param nonceCounts where the highest nonce-count of each live nonce is kept
   * @param issuerOnly whether a nonce is answered to its issuer only (right credentials on another
   *     issuer's nonce are stale); false for clients that a front may send to any node with each
   *     request, whose nonce-counts must then be the cluster's ({@link GridNonceCounts})
   */
  public DigestAuthenticator(
      byte[] secret, Duration lifetime, Clock clock, NonceCounts nonceCounts, boolean issuerOnly) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("digest secret must have at least 16 bytes");
    }
    this.secret = secret.clone();
    this.lifetime = lifetime;
    this.clock = clock;
    this.nonceCounts = nonceCounts;
    this.issuer = random.nextInt();
    this.issuerOnly = issuerOnly;
  }

  /** The value of a WWW-Authenticate header challenging {@code source} for {@code realm}. */
  public String challenge(String realm, boolean stale, String source) {
    return "Digest realm=\""
        + realm
        + "\", nonce=\""
        + nonce(realm, SourceAddress.key(source), clock.millis())
        + "\", algorithm=MD5, qop=\"auth\""
        + (stale ? ", stale=true" : "");
  }

  /**
   * The username an Authorization (or Proxy-Authorization) header value names, parsed as {@link
   * #verify} parses it; empty when there is none or it does not parse. Says nothing of whether the
   * credentials are right.
   */
  public static Optional<String> username(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    try {
      AuthorizationHeader h =
          (AuthorizationHeader) HEADERS.createHeader(AuthorizationHeader.NAME, authorization);
      return Optional.ofNullable(h.getUsername());
    } catch (java.text.ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks an Authorization header value against the account it names.
   *
   * @param requestUris what the credentials may name: the request's own URI (a SIP Request-URI, or
   *     an HTTP request's path), and for SIP this node's address the request was sent to
   * @param source the client's address, which the nonce must have been issued to
   * @param credentials looks up an account of {@code realm} by username
   */
  public Outcome verify(
      String method,
      List<String> requestUris,
      String authorization,
      String realm,
      String source,
      Function<String, Optional<DigestCredentials>> credentials) {
    if (authorization == null) {
      return new Missing();
    }
    AuthorizationHeader h;
    try {
      h = (AuthorizationHeader) HEADERS.createHeader(AuthorizationHeader.NAME, authorization);
    } catch (java.text.ParseException | RuntimeException e) {
      return new Failed("unparseable Authorization header", null);
    }
    if (!"Digest".equalsIgnoreCase(h.getScheme()) || !realm.equals(h.getRealm())) {
      return new Missing();
    }
    String user = h.getUsername();
    // The digest-uri exactly as the client sent (and hashed) it: JAIN-SIP's getURI() re-renders
    // a SIP URI and returns null for an HTTP path (/api/token uses this class too).
    if (user == null || h.getNonce() == null || h.getResponse() == null || digestUri(h) == null) {
      return new Failed("incomplete digest credentials", user);
    }
    if (h.getAlgorithm() != null && !"MD5".equalsIgnoreCase(h.getAlgorithm())) {
      return new Failed("algorithm " + h.getAlgorithm(), user);
    }
    // We offer qop=auth only; without it (RFC 2069) there is no nonce-count to stop a replay.
    if (!"auth".equalsIgnoreCase(h.getQop()) || h.getCNonce() == null || h.getNonceCount() < 1) {
      return new Failed("no qop=auth with cnonce and nc", user);
    }
    Optional<Issued> issued = issuedAt(h.getNonce(), realm, SourceAddress.key(source));
    if (issued.isEmpty()) {
      return new Missing(); // not issued to this source: challenge it, count nothing against it
    }
    if (requestUris.stream().noneMatch(u -> sameUri(digestUri(h), u))) {
      return new Failed("digest uri " + digestUri(h) + " is not among " + requestUris, user);
    }
    Optional<DigestCredentials> account =
        credentials.apply(h.getUsername()).filter(DigestCredentials::active);
    // Unknown users are checked against a throwaway HA1 so that both paths cost the same.
    String ha1 = account.map(DigestCredentials::ha1).orElse(DigestCredentials.md5Hex("x"));
    String expected = expectedResponse(method, h, ha1);
    boolean match =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            h.getResponse().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    if (!match || account.isEmpty()) {
      return new Failed(account.isEmpty() ? "unknown or disabled user" : "wrong password", user);
    }
    if (clock.millis() - issued.get().at() > lifetime.toMillis()
        || (issuerOnly && issued.get().by() != issuer)
        || !nonceCounts.advance(h.getNonce(), h.getNonceCount())) {
      return new Stale();
    }
    return new Authenticated(user);
  }

  /** RFC 2617 §3.2.2.1, qop=auth: KD(HA1, nonce:nc:cnonce:qop:HA2), HA2 = MD5(method:uri). */
  private static String expectedResponse(String method, AuthorizationHeader h, String ha1) {
    String ha2 = DigestCredentials.md5Hex(method + ":" + digestUri(h));
    String nc = String.format("%08x", h.getNonceCount());
    return DigestCredentials.md5Hex(
        ha1 + ":" + h.getNonce() + ":" + nc + ":" + h.getCNonce() + ":" + h.getQop() + ":" + ha2);
  }

  /**
   * RFC 3261 §19.1.4 for SIP and SIPS URIs (JAIN-SIP's equals: case rules, parameters, escaping),
   * exact equality for anything else (an HTTP path).
   */
  private static boolean sameUri(String credentials, String request) {
    if (credentials.equals(request)) {
      return true;
    }
    String scheme = request.regionMatches(true, 0, "sip", 0, 3) ? "sip" : "";
    if (scheme.isEmpty() || !credentials.regionMatches(true, 0, scheme, 0, 3)) {
      return false;
    }
    try {
      return ADDRESSES.createURI(credentials).equals(ADDRESSES.createURI(request));
    } catch (java.text.ParseException e) {
      return false;
    }
  }

  private static String digestUri(AuthorizationHeader h) {
    String raw = h.getParameter("uri");
    return raw != null ? raw : h.getURI() == null ? null : h.getURI().toString();
  }

  /** issued-at (8 bytes), a random salt (8), and a MAC over both, the realm and the source (16). */
  private String nonce(String realm, String source, long issuedAtMillis) {
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    ByteBuffer b = ByteBuffer.allocate(NONCE_BYTES);
    b.putLong(issuedAtMillis);
    b.put(salt);
    b.putInt(issuer);
    b.put(mac(issuedAtMillis, salt, issuer, realm, source), 0, 16);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  private static final int NONCE_BYTES = 8 + 8 + 4 + 16;

  /** When a nonce was issued, and by which authenticator. */
  private record Issued(long at, int by) {}

  private Optional<Issued> issuedAt(String nonce, String realm, String source) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length != NONCE_BYTES) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    long issued = b.getLong();
    byte[] salt = new byte[8];
    b.get(salt);
    int by = b.getInt();
    byte[] tag = new byte[16];
    b.get(tag);
    byte[] expected = java.util.Arrays.copyOf(mac(issued, salt, by, realm, source), 16);
    return MessageDigest.isEqual(tag, expected)
        ? Optional.of(new Issued(issued, by))
        : Optional.empty();
  }

  private byte[] mac(long issuedAtMillis, byte[] salt, int by, String realm, String source) {
    Mac mac = macs.get();
    mac.update(ByteBuffer.allocate(12).putLong(issuedAtMillis).putInt(by).array());
    mac.update(salt);
    mac.update(realm.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '\n'); // no realm and source run into another pair's
    return mac.doFinal(source.getBytes(StandardCharsets.UTF_8));
  }

  /** One keyed Mac per thread: looking one up per use costs more than the MAC itself. */
  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  private static AddressFactory addressFactory() {
    try {
      return SipFactory.getInstance().createAddressFactory();
    } catch (PeerUnavailableException e) {
      throw new IllegalStateException("JAIN-SIP address factory unavailable", e);
    }
  }

  private static HeaderFactory headerFactory() {
    try {
      return SipFactory.getInstance().createHeaderFactory();
    } catch (PeerUnavailableException e) {
      throw new IllegalStateException("JAIN-SIP header factory unavailable", e);
    }
  }
}
