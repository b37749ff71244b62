package org.webphone.web.certificates;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text (RFC 7468) of certificates and keys, as the certificate store keeps them. */
public final class Pem {
  private Pem() {}

  public static String encode(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  public static String chain(List<X509Certificate> chain) throws GeneralSecurityException {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : chain) {
      b.append(encode("CERTIFICATE", c.getEncoded()));
    }
    return b.toString();
  }
}
