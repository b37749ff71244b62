package org.webphone.sip.call;

import javax.servlet.sip.URI;

/**
 * Where a fork of a call goes: the phone's contact, and the node it is reached through when that is
 * another node of the cluster (its home, {@link org.webphone.sip.container.HomeHops}), else null.
 */
record RingTarget(URI uri, String home) {
  /** A target this node reaches itself: a trunk, a phone on UDP or on one of its connections. */
  static RingTarget direct(URI uri) {
    return new RingTarget(uri, null);
  }
}
