package org.webphone.trunk;

/**
 * How a call from the phone network is recognised as coming through a trunk (and so may ring the
 * numbers of the trunk's customer, unchallenged).
 */
public enum InboundTrust {
  /** The trunk takes no calls in: requests from it are treated as anyone's. */
  NONE,
  /**
   * Its source address alone, as carriers interconnect over UDP. Anyone who can send from (or
   * spoof, over UDP) a listed address is the trunk: an explicit choice of the operator's.
   */
  ADDRESS,
  /**
   * Digest credentials we gave the trunk (RFC 3261 §22.3), from any address or only from the listed
   * ones: a PBX on a dynamic address, or a carrier that authenticates.
   */
  DIGEST,
  /**
   * The certificate it presents as a TLS client (RFC 5922 §7.1: a subjectAltName naming the trunk's
   * host), from a CA the node trusts, from any address or only the listed ones: a carrier that
   * interconnects over TLS.
   */
  CERTIFICATE
}
