package org.webphone.sip.container;

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
   * From now on, requests whose next hop is {@code host} (and {@code port}, or any port when it is
   * -1) go over {@code flow}, replacing any earlier connection for that contact (a phone that
   * reconnected). The route ends when the connection closes.
   *
   * @return false when {@code flow} is no open WebSocket connection (it closed meanwhile, or it is
   *     another transport): nothing was routed
   */
  boolean route(String host, int port, Flow flow);

  /** Whether {@code flow} is an open WebSocket connection. */
  boolean isOpen(Flow flow);

  /** {@code listener} hears of every WebSocket connection that closes from now on. */
  void onClosed(Consumer<Flow> listener);

  /** Flows for a container without WebSocket transports: nothing routes, nothing closes. */
  Flows NONE =
      new Flows() {
        @Override
        public boolean route(String host, int port, Flow flow) {
          return false;
        }

        @Override
        public boolean isOpen(Flow flow) {
          return false;
        }

        @Override
        public void onClosed(Consumer<Flow> listener) {}
      };
}
