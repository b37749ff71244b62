package org.webphone.sip.registrar;

import java.time.Duration;
import java.util.Objects;
import org.webphone.sip.container.Flows;

/**
 * Registrar settings, validated once. Keys and defaults: {@code docs/configuration.md}.
 *
 * @param domain the SIP domain whose addresses-of-record we keep (host part of {@code
 *     sip:user@domain})
 * @param minExpires shortest registration accepted, seconds (RFC 3261 §10.3 step 7, 423 below it)
 * @param maxExpires longest registration granted, seconds; longer requests are shortened
 * @param defaultExpires granted when the REGISTER names no expiry, seconds
 * @param nonceLifetime how long a digest nonce is accepted before the client is told it is stale
 * @param failuresPerUser failed authentications from one address for one username within {@code
 *     failureWindow} before that pair is refused with 503
 * @param failuresPerAddress the same for one address, all usernames together (higher: a call centre
 *     sits behind one NAT address)
 * @param failureWindow the throttling window
 * @param credentialsTtl how long looked-up credentials are reused before the database is asked
 *     again
 * @param lastKnownFor how long the last credentials read (and the call directory's and trunks' last
 *     answers) stand in for a look-up that fails because the database is away ({@link
 *     LastKnownCache}); zero: a failed look-up fails the request
 * @param flowGracePeriod how long the bindings of a closed WebSocket connection wait for their
 *     phone to re-register over a new one (RFC 5626 §4.2.1) before they are removed
 * @param probeInterval how often each phone registered over a WebSocket on this node is sent an
 *     OPTIONS to prove its SIP stack still answers; zero turns the probes off
 * @param maxContacts the most contacts one address-of-record keeps (RFC 5626 flows of one instance
 *     count once); a REGISTER past it replaces the oldest
 * @param contactsAsWritten requests for a phone registered over UDP, TCP or TLS go to its contact
 *     as written (third-party registration, RFC 3261 §10.2), not to the address and port its
 *     REGISTER came from (RFC 3581 received/rport)
 */
public record RegistrarConfig(
    String domain,
    int minExpires,
    int maxExpires,
    int defaultExpires,
    Duration nonceLifetime,
    int failuresPerUser,
    int failuresPerAddress,
    Duration failureWindow,
    Duration credentialsTtl,
    Duration lastKnownFor,
    Duration flowGracePeriod,
    Duration probeInterval,
    int maxContacts,
    boolean contactsAsWritten) {

  public RegistrarConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(nonceLifetime, "nonceLifetime");
    Objects.requireNonNull(failureWindow, "failureWindow");
    Objects.requireNonNull(credentialsTtl, "credentialsTtl");
    Objects.requireNonNull(lastKnownFor, "lastKnownFor");
    if (lastKnownFor.isNegative()) {
      throw new IllegalArgumentException("lastKnownFor must not be negative: " + lastKnownFor);
    }
    Objects.requireNonNull(flowGracePeriod, "flowGracePeriod");
    Objects.requireNonNull(probeInterval, "probeInterval");
    if (flowGracePeriod.isNegative() || flowGracePeriod.compareTo(Flows.REST_AFTER_CLOSE) >= 0) {
      // Longer, and a closed flow's identity could pass to another phone while bindings wait.
      throw new IllegalArgumentException(
          "flowGracePeriod " + flowGracePeriod + " not in 0.." + Flows.REST_AFTER_CLOSE);
    }
    if (probeInterval.isNegative()) {
      throw new IllegalArgumentException("probeInterval must not be negative: " + probeInterval);
    }
    if (failuresPerUser < 1 || failuresPerAddress < failuresPerUser) {
      throw new IllegalArgumentException(
          "need 1 <= failuresPerUser ("
              + failuresPerUser
              + ") <= failuresPerAddress ("
              + failuresPerAddress
              + ")");
    }
    if (failureWindow.isNegative() || failureWindow.isZero()) {
      throw new IllegalArgumentException("failureWindow must be positive: " + failureWindow);
    }
    if (minExpires < 1 || minExpires > maxExpires) {
      throw new IllegalArgumentException(
          "need 1 <= minExpires (" + minExpires + ") <= maxExpires (" + maxExpires + ")");
    }
    if (defaultExpires < minExpires || defaultExpires > maxExpires) {
      throw new IllegalArgumentException(
          "defaultExpires " + defaultExpires + " not in " + minExpires + ".." + maxExpires);
    }
    if (maxContacts < 1) {
      throw new IllegalArgumentException("maxContacts " + maxContacts + " < 1");
    }
    if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
      throw new IllegalArgumentException("nonceLifetime must be positive: " + nonceLifetime);
    }
  }

  /** The same, sending to contacts as written or not. */
  public RegistrarConfig withContactsAsWritten(boolean asWritten) {
    return new RegistrarConfig(
        domain,
        minExpires,
        maxExpires,
        defaultExpires,
        nonceLifetime,
        failuresPerUser,
        failuresPerAddress,
        failureWindow,
        credentialsTtl,
        lastKnownFor,
        flowGracePeriod,
        probeInterval,
        maxContacts,
        asWritten);
  }

  /** The defaults of {@code microprofile-config.properties}, for {@code domain}. */
  public static RegistrarConfig defaults(String domain) {
    return new RegistrarConfig(
        domain,
        60,
        7200,
        3600,
        Duration.ofMinutes(5),
        5,
        50,
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofHours(1),
        Duration.ofSeconds(120),
        Duration.ofSeconds(30),
        10,
        false);
  }
}
