package org.webphone.site;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host names as DNS and certificates take them (RFC 1123 §2.1 labels, at most 253 characters), and
 * which of them are a zone's apex (where DNS allows no CNAME, RFC 1034 §3.6.2).
 */
public final class HostNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /**
   * Public suffixes of two labels, for telling an apex ({@code example.co.uk}) from a subdomain
   * ({@code phone.example.com}). A short list of the common ones, not the whole Public Suffix List:
   * the answer only chooses which record the screen suggests, and says so.
   */
  private static final Set<String> TWO_LABEL_SUFFIXES =
      Set.of(
          "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp",
          "co.za", "com.br", "com.cn", "com.mx", "co.in", "com.tr", "com.sg", "co.kr", "com.ar");

  private HostNames() {}

  /** The name as stored (trimmed, lower case, no final dot); null for blank. */
  public static String normalize(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** Why {@code name} (normalized) is not a host name, or null when it is one. */
  public static String problem(String name) {
    if (name == null) {
      return null;
    }
    if (name.length() > 253) {
      return "at most 253 characters";
    }
    if (name.contains("://") || name.contains("/")) {
      return "a host name only, without scheme or path";
    }
    if (name.matches("[0-9.]+") || name.contains(":")) {
      return "a host name, not an address (certificates and browsers want names)";
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "letters, digits and hyphens between dots (a label may not start or end with '-')";
      }
    }
    return null;
  }

  /** True when {@code name} is a zone's apex: its registrable domain itself. */
  public static boolean isApex(String name) {
    String[] labels = name.split("\\.");
    if (labels.length <= 1) {
      return false; // localhost and the like: no zone to speak of
    }
    if (labels.length == 2) {
      return true;
    }
    String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
    return labels.length == 3 && TWO_LABEL_SUFFIXES.contains(lastTwo);
  }
}
