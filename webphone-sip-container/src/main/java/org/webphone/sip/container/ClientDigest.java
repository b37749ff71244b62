package org.webphone.sip.container;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Locale;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import org.mobicents.servlet.sip.core.security.SipDigestAuthenticator;

/**
 * Our answer to a digest challenge from a peer (a carrier's trunk), as the core asks for it when
 * the application calls {@code SipServletRequest.addAuthHeader}: RFC 2617 §3.2.2 with qop=auth when
 * the peer offers it, MD5 or SHA-256 (RFC 8760). In a servlet container this is the web server's
 * job; without one, the binding does it. The password is used and forgotten, never logged.
 *
 * <p>Threading: stateless apart from a thread-safe random source.
 */
final class ClientDigest implements SipDigestAuthenticator {
  private static final HexFormat HEX = HexFormat.of();
  private final SecureRandom random = new SecureRandom();
  private final HeaderFactory headers;
  private final AddressFactory addresses;

  ClientDigest() {
    try {
      this.headers = SipFactory.getInstance().createHeaderFactory();
      this.addresses = SipFactory.getInstance().createAddressFactory();
    } catch (PeerUnavailableException e) {
      throw new IllegalStateException("JAIN-SIP has no header factory", e);
    }
  }

  @Override
  public AuthorizationHeader getAuthorizationHeader(
      String method,
      String uri,
      String body,
      Header challengeHeader,
      String username,
      String password,
      String nonce,
      int nc) {
    if (!(challengeHeader instanceof WWWAuthenticateHeader challenge)) {
      throw new IllegalArgumentException("not a challenge: " + challengeHeader);
    }
    String algorithm = challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm();
    String hash = hashName(algorithm);
    String realm = challenge.getRealm();
    boolean qopAuth = offersAuth(challenge.getQop());
    String ha1 = hex(hash, username + ":" + realm + ":" + password);
    String ha2 = hex(hash, method + ":" + uri);
    String ncValue = String.format(Locale.ROOT, "%08x", nc);
    String cnonce = null;
    String response;
    if (qopAuth) {
      byte[] b = new byte[12];
      random.nextBytes(b);
      cnonce = HEX.formatHex(b);
      response = hex(hash, ha1 + ":" + nonce + ":" + ncValue + ":" + cnonce + ":auth:" + ha2);
    } else {
      response = hex(hash, ha1 + ":" + nonce + ":" + ha2); // RFC 2069 compatibility
    }
    try {
      AuthorizationHeader h =
          challenge instanceof ProxyAuthenticateHeader
              ? headers.createProxyAuthorizationHeader("Digest")
              : headers.createAuthorizationHeader("Digest");
      h.setUsername(username);
      h.setRealm(realm);
      h.setNonce(nonce);
      h.setURI(addresses.createURI(uri));
      h.setResponse(response);
      h.setAlgorithm(algorithm);
      if (challenge.getOpaque() != null) {
        h.setOpaque(challenge.getOpaque());
      }
      if (qopAuth) {
        h.setQop("auth");
        h.setCNonce(cnonce);
        h.setNonceCount(nc);
      }
      return h;
    } catch (ParseException e) {
      throw new IllegalArgumentException("cannot answer challenge for realm " + realm, e);
    }
  }

  private static boolean offersAuth(String qop) {
    if (qop == null) {
      return false;
    }
    for (String q : qop.split(",")) {
      if (q.trim().equalsIgnoreCase("auth")) {
        return true;
      }
    }
    return false;
  }

  private static String hashName(String algorithm) {
    return switch (algorithm.toUpperCase(Locale.ROOT)) {
      case "MD5" -> "MD5";
      case "SHA-256" -> "SHA-256";
      default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
    };
  }

  private static String hex(String hash, String s) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance(hash).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(hash + " missing from the JDK", e);
    }
  }
}
