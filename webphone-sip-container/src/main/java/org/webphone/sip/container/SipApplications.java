package org.webphone.sip.container;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SIP applications a container hosts, and which of them see each initial request, in order (the
 * application router's job, JSR 289 §15). An application early in a method's chain sees the request
 * first; it answers it (a veto), or proxies it, possibly to another Request-URI (a redirect), and
 * the next application in the chain gets it. Requests an application creates leave the container
 * after the applications that follow it in the chain.
 *
 * @param applications every hosted application
 * @param chains method (upper case) → the names of the applications that see it, in order
 * @param otherwise the chain of a method without one of its own
 * @param otherwiseMethods the methods the chain {@code otherwise} serves (upper case); empty for
 *     every method. Out-of-dialog requests of other methods, unless they have a chain of their own,
 *     are refused before they reach any application ({@link UnservedRequestValve})
 */
public record SipApplications(
    List<SipApplicationSpec> applications,
    Map<String, List<String>> chains,
    List<String> otherwise,
    Set<String> otherwiseMethods) {

  public SipApplications {
    applications = List.copyOf(applications);
    otherwiseMethods =
        otherwiseMethods.stream()
            .map(m -> m.toUpperCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    Map<String, List<String>> m = new LinkedHashMap<>();
    chains.forEach((k, v) -> m.put(k.toUpperCase(Locale.ROOT), List.copyOf(v)));
    chains = Map.copyOf(m);
    otherwise = List.copyOf(otherwise);
    Set<String> names = new HashSet<>();
    for (SipApplicationSpec a : applications) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException("two SIP applications named " + a.name());
      }
    }
    for (Map.Entry<String, List<String>> chain : m.entrySet()) {
      requireKnown(names, chain.getKey(), chain.getValue());
    }
    requireKnown(names, "other methods", otherwise);
  }

  /** One application, which sees every request. */
  public static SipApplications of(SipApplicationSpec application) {
    return new SipApplications(
        List.of(application), Map.of(), List.of(application.name()), Set.of());
  }

  /**
   * Parses the router's setting, e.g. {@code INVITE: call-policy, webphone; MESSAGE: chat}: each
   * listed method goes through its applications in that order, every other method to {@code main}
   * alone. Blank: every method to {@code main}.
   *
   * @throws IllegalArgumentException naming the part that cannot be read or an unknown application
   */
  public static SipApplications parse(
      List<SipApplicationSpec> applications, String main, String setting) {
    Map<String, List<String>> chains = new LinkedHashMap<>();
    if (setting != null && !setting.isBlank()) {
      for (String part : setting.split(";")) {
        if (part.isBlank()) {
          continue;
        }
        int colon = part.indexOf(':');
        String method = colon < 0 ? "" : part.substring(0, colon).trim();
        if (!method.matches("[A-Za-z]+")) {
          throw new IllegalArgumentException(
              "cannot read \"" + part.trim() + "\": write METHOD: app, app; METHOD: app");
        }
        List<String> apps =
            List.of(part.substring(colon + 1).trim().split("\\s*,\\s*")).stream()
                .filter(s -> !s.isEmpty())
                .toList();
        chains.put(method.toUpperCase(Locale.ROOT), apps);
      }
    }
    return new SipApplications(applications, chains, List.of(main), Set.of());
  }

  /**
   * The same applications, whose chain for methods without their own serves only {@code methods}.
   */
  public SipApplications serving(Set<String> methods) {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("an application that serves no method");
    }
    return new SipApplications(applications, chains, otherwise, methods);
  }

  /**
   * The methods some application starts something with: those of {@link #otherwiseMethods} and
   * every method with a chain of its own; empty for every method.
   */
  public Set<String> servedMethods() {
    if (otherwiseMethods.isEmpty()) {
      return Set.of();
    }
    Set<String> all = new TreeSet<>(otherwiseMethods);
    all.addAll(chains.keySet());
    return Set.copyOf(all);
  }

  /** The chain of applications that see an initial {@code method} request. */
  public List<String> chain(String method) {
    return chains.getOrDefault(method, otherwise);
  }

  private static void requireKnown(Set<String> names, String what, List<String> chain) {
    for (String app : Objects.requireNonNull(chain, what)) {
      if (!names.contains(app)) {
        throw new IllegalArgumentException(
            "the chain for "
                + what
                + " names "
                + app
                + ", which is not among "
                + new TreeSet<>(names));
      }
    }
  }
}
