package org.webphone.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP digest (RFC 2617, qop=auth, MD5) as a phone answers the token endpoint's challenge. */
final class HttpDigest {
  private HttpDigest() {}

  static String authorization(
      String challenge, String method, String uri, String user, String password) {
    String realm = param(challenge, "realm");
    String nonce = param(challenge, "nonce");
    String cnonce = "4f6e1c2a";
    String nc = "00000001";
    String ha1 = md5(user + ":" + realm + ":" + password);
    String response =
        md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + md5(method + ":" + uri));
    return "Digest username=\""
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
        + nc
        + ", cnonce=\""
        + cnonce
        + "\"";
  }

  static String param(String challenge, String name) {
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
