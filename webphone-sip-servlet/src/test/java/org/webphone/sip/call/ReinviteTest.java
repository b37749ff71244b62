package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.junit.jupiter.api.Test;

/**
 * Alice holds bob (a re-INVITE relayed to bob's leg), and the call's re-INVITE machine follows: one
 * at a time, bob's 2xx waits for alice's ACK, a re-INVITE whose ACK has not been seen yet is done
 * once the next starts, and a transition the SIP flow cannot make throws naming both states.
 */
class ReinviteTest {
  private final SipSession alice = opaque(SipSession.class);
  private final SipSession bob = opaque(SipSession.class);
  private final SipServletResponse bobsOk = opaque(SipServletResponse.class);
  private final Reinvite reinvite = new Reinvite();

  @Test
  void alicesHoldIsRelayedAndBobsOkWaitsForHerAck() {
    Reinvite.Start start = reinvite.start(alice, 2);
    assertTrue(start.accepted());
    assertNull(start.unacknowledged());
    assertEquals(Reinvite.State.RELAYING, reinvite.state());

    reinvite.answered(bobsOk);
    assertNull(reinvite.acknowledged(bob, 2), "bob's own ACK is not alice's");
    assertNull(reinvite.acknowledged(alice, 1), "nor is an ACK for another CSeq");
    assertSame(bobsOk, reinvite.acknowledged(alice, 2));
    assertNull(reinvite.acknowledged(alice, 2), "acknowledged once");
    assertEquals(Reinvite.State.IDLE, reinvite.state());
  }

  @Test
  void bobsReinviteWhileAlicesIsUnansweredGets491() {
    reinvite.start(alice, 2);
    assertFalse(reinvite.start(bob, 5).accepted());
    reinvite.failed(); // bob's leg refused alice's: the next may start
    assertTrue(reinvite.start(bob, 5).accepted());
  }

  @Test
  void aNewReinviteBeforeTheLastOnesAckIsSeenAcknowledgesTheLastAtOnce() {
    reinvite.start(alice, 2);
    reinvite.answered(bobsOk);
    Reinvite.Start next = reinvite.start(bob, 5);
    assertTrue(next.accepted());
    assertSame(bobsOk, next.unacknowledged());
    assertNull(reinvite.acknowledged(alice, 2), "alice's late ACK finds nothing to relay");
  }

  @Test
  void anAnswerOrAFailureWithNothingRelayedIsADefect() {
    IllegalStateException answered =
        assertThrows(IllegalStateException.class, () -> reinvite.answered(bobsOk));
    assertEquals("re-INVITE: IDLE -> ANSWERED", answered.getMessage());
    IllegalStateException failed = assertThrows(IllegalStateException.class, reinvite::failed);
    assertEquals("re-INVITE: IDLE -> IDLE", failed.getMessage());
    reinvite.start(alice, 2);
    reinvite.answered(bobsOk);
    assertThrows(IllegalStateException.class, () -> reinvite.answered(bobsOk));
  }

  /** An object of {@code type} that is only ever compared and handed back, never called. */
  private static <T> T opaque(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            ReinviteTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "toString" -> type.getSimpleName();
                  default -> throw new UnsupportedOperationException(method.getName());
                }));
  }
}
