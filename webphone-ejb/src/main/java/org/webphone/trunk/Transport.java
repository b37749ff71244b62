package org.webphone.trunk;

/** The transport a trunk is reached over (RFC 3261 §18; TLS per RFC 5630 as sips-less "tls"). */
public enum Transport {
  UDP,
  TCP,
  TLS
}
