package org.webphone.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The server pings every SIP WebSocket and closes the ones that stopped answering, on time the test
 * moves: a browser answers pings by itself, so a connection silent past the idle timeout is a page
 * or network that is gone.
 */
class KeepAliveTest {
  private static final Duration PING = Duration.ofSeconds(25);
  private static final Duration IDLE = Duration.ofSeconds(75);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final KeepAlive keepAlive =
      new KeepAlive(new KeepAlive.WebSocketConfig(PING, IDLE), now::get);

  /** A browser's connection as Tyrus gives it, recording what the server does with it. */
  private static final class Browser {
    final List<String> did = new ArrayList<>();
    boolean open = true;
    final Session session;

    Browser(String id) {
      RemoteEndpoint.Async remote =
          (RemoteEndpoint.Async)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {RemoteEndpoint.Async.class},
                  (p, m, a) -> {
                    if (m.getName().equals("sendPing")) {
                      did.add("ping");
                    }
                    return null;
                  });
      session =
          (Session)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Session.class},
                  (p, m, a) ->
                      switch (m.getName()) {
                        case "isOpen" -> open;
                        case "getId" -> id;
                        case "getAsyncRemote" -> remote;
                        case "close" -> {
                          open = false;
                          did.add("closed: " + ((CloseReason) a[0]).getReasonPhrase());
                          yield null;
                        }
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == a[0];
                        default -> null;
                      });
    }
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aBrowserThatAnswersIsPingedAndKeptAndOneThatFellSilentIsClosedAfterTheIdleTimeout() {
    Browser alice = new Browser("alice");
    Browser bob = new Browser("bob");
    JakartaPeer alicesPeer = new JakartaPeer(alice.session, now::get);
    JakartaPeer bobsPeer = new JakartaPeer(bob.session, now::get);
    keepAlive.track(alicesPeer);
    keepAlive.track(bobsPeer);

    // Three ping rounds: alice's browser answers each (a pong is a frame), bob's network is gone.
    for (int round = 0; round < 3; round++) {
      advance(PING);
      keepAlive.check();
      alicesPeer.heard();
    }
    assertEquals(List.of("ping", "ping", "ping"), alice.did, "alice is pinged each round");
    assertEquals(List.of("ping", "ping", "ping"), bob.did, "75 s silent is not yet more than 75 s");

    advance(Duration.ofMillis(1));
    keepAlive.check();
    assertEquals("closed: no answer to pings", bob.did.get(bob.did.size() - 1));
    assertFalse(bob.open);
    assertTrue(alice.open, "alice's answering browser stays");
    assertEquals("ping", alice.did.get(alice.did.size() - 1));

    // A closed connection is forgotten: nothing more is sent on it.
    advance(PING);
    keepAlive.check();
    assertEquals(4, bob.did.size(), "bob's closed connection gets nothing more");
  }

  @Test
  void aConnectionTheBrowserClosedIsForgottenWithoutAPing() {
    Browser carol = new Browser("carol");
    keepAlive.track(new JakartaPeer(carol.session, now::get));
    carol.open = false;

    advance(PING);
    keepAlive.check();

    assertEquals(List.of(), carol.did);
  }
}
