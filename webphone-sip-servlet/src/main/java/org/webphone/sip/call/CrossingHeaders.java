package org.webphone.sip.call;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.servlet.sip.SipServletRequest;

/**
 * What crosses the B2BUA is ours to say (RFC 3261 §16 describes proxies; a B2BUA is two user agents
 * and owes the far side nothing of what the near side wrote). A request it sends on carries the
 * headers the container writes (Via, From, To, Call-ID, CSeq, Contact, Route...), the body, and of
 * the caller's own headers only those on the allow list ({@code webphone.call.header-allow}).
 * Everything else is dropped: identities a phone asserts for itself ({@code P-Asserted-Identity},
 * {@code Remote-Party-ID}, {@code P-Preferred-Identity}: RFC 3325 trusts them from trusted peers
 * only), call history it makes up ({@code Diversion}, {@code History-Info}), and what the callee's
 * phone would fetch or act on ({@code Call-Info} with an icon URL, {@code Alert-Info} with a ring
 * tone URL or an auto-answer hint).
 *
 * <p>The caller's identity towards another user is the authenticated account's (its username and
 * display name), whatever the caller wrote in From; with {@code Privacy: id} (RFC 3323 §4.2) the
 * callee sees an anonymous From instead.
 *
 * <p>Immutable; safe on every thread.
 */
public final class CrossingHeaders {
  /** The caller's headers that pass by default: capabilities, timers, what the call is about. */
  public static final Set<String> DEFAULT_ALLOWED =
      Set.of(
          "Accept",
          "Accept-Encoding",
          "Accept-Language",
          "Allow",
          "Allow-Events",
          "Content-Disposition",
          "Content-Encoding",
          "Content-Language",
          "Date",
          "Min-SE",
          "Organization",
          "Priority",
          "Reason",
          "Require",
          "Session-Expires",
          "Subject",
          "Supported",
          "Timestamp",
          "User-Agent");

  /**
   * The container's own (JSR 289 system headers and the framing it writes): never the application's
   * to remove.
   */
  private static final Set<String> CONTAINERS =
      lower(
          Set.of(
              "From",
              "To",
              "Call-ID",
              "CSeq",
              "Via",
              "Route",
              "Record-Route",
              "Path",
              "Contact",
              "RSeq",
              "RAck",
              "Max-Forwards",
              "Content-Length",
              "Content-Type"));

  static final String ANONYMOUS = "\"Anonymous\" <sip:anonymous@anonymous.invalid>";

  private final Set<String> allowed;

  /**
   * @param allowed header names (any case) that may cross besides the container's own
   */
  public CrossingHeaders(Set<String> allowed) {
    this.allowed = lower(allowed);
  }

  /** Removes from {@code out} every header of the caller's that is not allowed to cross. */
  void scrub(SipServletRequest out) {
    for (String name : namesOf(out)) {
      String key = name.toLowerCase(Locale.ROOT);
      if (!CONTAINERS.contains(key) && !allowed.contains(key)) {
        out.removeHeader(name);
      }
    }
  }

  /**
   * As {@link #scrub(SipServletRequest)}, then sets the headers of {@code ours} other than From and
   * To (which the container took when the request was made): what we assert ourselves, such as
   * P-Asserted-Identity to a trusted trunk, replaces whatever the caller wrote.
   */
  void scrub(SipServletRequest out, Map<String, List<String>> ours) {
    scrub(out);
    if (ours == null) {
      return;
    }
    ours.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("From") && !name.equalsIgnoreCase("To")) {
            out.removeHeader(name);
            values.forEach(v -> out.addHeader(name, v));
          }
        });
  }

  /**
   * Whether the caller asked that its identity be withheld (RFC 3323 §4.2, {@code Privacy: id}).
   */
  static boolean wantsPrivacy(SipServletRequest invite) {
    String privacy = invite.getHeader("Privacy");
    return privacy != null
        && List.of(privacy.toLowerCase(Locale.ROOT).split("\\s*;\\s*")).contains("id");
  }

  /**
   * The From of a call from {@code user} (of {@code aor}, named {@code displayName}) to another
   * user, as B2buaHelper takes it: the account's identity, or an anonymous one when the caller
   * asked for privacy.
   */
  static Map<String, List<String>> callerIdentity(
      SipServletRequest invite, String aor, String displayName) {
    if (wantsPrivacy(invite)) {
      return Map.of("From", List.of(ANONYMOUS));
    }
    String name = displayName == null ? "" : quoted(displayName);
    return Map.of("From", List.of((name.isEmpty() ? "" : name + " ") + "<" + aor + ">"));
  }

  /** A quoted-string (RFC 3261 §25.1) with no line breaks, quotes and backslashes escaped. */
  static String quoted(String s) {
    String clean = s.replaceAll("[\\r\\n\\x00-\\x1f]", " ").trim();
    return clean.isEmpty() ? "" : "\"" + clean.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static List<String> namesOf(SipServletRequest out) {
    List<String> names = new java.util.ArrayList<>();
    out.getHeaderNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> lower(Set<String> names) {
    return names.stream()
        .map(n -> n.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
