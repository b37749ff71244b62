package org.webphone.sip.container;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The phones' WebSocket connections, for the features that send them requests (RFC 5626 §5.3): the
 * registrar says over which connection a registered contact is reached, and hears when a connection
 * closes.
 *
 * <p>Routing by contact is needed because a browser's contact cannot be dialled: it names an {@code
 * .invalid} host (RFC 7118 §5), and the stack sends in-dialog requests to it too, so the mapping
 * lives below the servlets, where the stack picks a connection for a next hop.
 *
 * <p>Threading: all methods are safe from any thread. Listeners run on the thread that saw the
 * connection close (a web container thread): they must not block for long.
 */
public interface Flows {
  /**
   * How long a closed connection's identity and contact hosts stay its own: no other connection of
   * its address gets its flow identity, no other account its hosts. Bindings that wait for their
   * phone to come back (a registrar's grace period) must wait less.
   */
  Duration REST_AFTER_CLOSE = Duration.ofMinutes(10);

  /** What became of a {@link #route}. */
  enum Routed {
    /** Requests for the contact go over the flow from now on. */
    ROUTED,
    /** The flow is no open WebSocket connection (it closed meanwhile, or is another transport). */
    CLOSED,
    /** Another account holds the contact's host: its connection is open, or closed only lately. */
    TAKEN
  }

  /**
   * From now on, requests whose next hop is {@code host} (and {@code port}, or any port when it is
   * -1) go over {@code flow}, replacing any earlier connection of the same {@code owner} for that
   * contact (a phone that reconnected), and never another owner's: a contact host stays with the
   * account that routed it while its connection is open and for a while after. The route ends when
   * the connection closes.
   *
   * @param owner the authenticated account the contact is routed for (its address-of-record)
   */
  Routed route(String host, int port, Flow flow, String owner);

  /** Whether {@code flow} is an open WebSocket connection. */
  boolean isOpen(Flow flow);

  /**
   * Whether a request for a browser's contact host (and port, as in its contact) would leave over
   * an open WebSocket connection now.
   */
  boolean reaches(String host, int port);

  /** {@code listener} hears of every WebSocket connection that closes from now on. */
  void onClosed(Consumer<Flow> listener);

  /** Flows for a container without WebSocket transports: nothing routes, nothing closes. */
  Flows NONE =
      new Flows() {
        @Override
        public Routed route(String host, int port, Flow flow, String owner) {
          return Routed.CLOSED;
        }

        @Override
        public boolean isOpen(Flow flow) {
          return false;
        }

        @Override
        public boolean reaches(String host, int port) {
          return false;
        }

        @Override
        public void onClosed(Consumer<Flow> listener) {}
      };
}
