package org.webphone.sip.container;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone's side of digest authentication (RFC 2617 §3.2.2, qop=auth), written apart from the
 * server's code so that the tests check one against the other.
 */
public final class SipDigest {
  private static final String CNONCE = "0a4f113b";

  private SipDigest() {}

  /**
   * The Authorization header line (ending CRLF) answering {@code challenge} (a WWW-Authenticate
   * value) for a REGISTER to {@code sip:domain} with nonce-count {@code nc}.
   */
  public static String registerAuthorization(
      String domain, String challenge, String user, String password, int nc) {
    return authorization("REGISTER", "sip:" + domain, challenge, user, password, nc);
  }

  /**
   * The Authorization header line (ending CRLF) answering {@code challenge} for a {@code method}
   * request to {@code uri} with nonce-count {@code nc}.
   */
  public static String authorization(
      String method, String uri, String challenge, String user, String password, int nc) {
    String realm = param(challenge, "realm");
    String nonce = param(challenge, "nonce");
    String ncHex = String.format("%08x", nc);
    String ha1 = md5(user + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + uri);
    String response = md5(ha1 + ":" + nonce + ":" + ncHex + ":" + CNONCE + ":auth:" + ha2);
    return "Authorization: Digest username=\""
        + user
        + "\", realm=\""
        + realm
        + "\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\", algorithm=MD5, qop=auth, nc="
        + ncHex
        + ", cnonce=\""
        + CNONCE
        + "\"\r\n";
  }

  /** A quoted parameter of a challenge, e.g. {@code nonce}. */
  public static String param(String challenge, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + challenge);
    }
    return m.group(1);
  }

  private static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
