package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Concurrent-call limits: all of a call's places or none, and each given back once it ends. */
class CallLimitsTest {

  @Test
  void aCalleeAlreadyInAsManyCallsAsAllowedIsBusyAndCostsNobodyAPlace() {
    CallLimits limits = new CallLimits(1, 10);
    assertNull(limits.take(7, "alice", "bob"));

    assertEquals(CallLimits.Refusal.CALLEE, limits.take(7, "carol", "bob"));
    assertEquals(1, limits.active(), "carol's refused call took no place");
    // carol lost nothing: she can call someone else.
    assertNull(limits.take(7, "carol", "dave"));
  }

  @Test
  void aCallerOverItsLimitIsRefusedAndAPlaceComesBackWhenACallEnds() {
    CallLimits limits = new CallLimits(1, 10);
    assertNull(limits.take(7, "alice", "bob"));
    assertEquals(CallLimits.Refusal.CALLER, limits.take(7, "alice", "carol"));

    limits.give(7, "alice", "bob");
    assertNull(limits.take(7, "alice", "carol"));
    assertEquals(1, limits.active());
  }

  @Test
  void aCustomerOverItsLimitIsRefusedWhateverItsAccounts() {
    CallLimits limits = new CallLimits(2, 2);
    assertNull(limits.take(7, "a", "b"));
    assertNull(limits.take(7, "c", "d"));
    assertEquals(CallLimits.Refusal.CUSTOMER, limits.take(7, "e", "f"));
    assertNull(limits.take(8, "e", "f"), "another customer has places of its own");
  }
}
