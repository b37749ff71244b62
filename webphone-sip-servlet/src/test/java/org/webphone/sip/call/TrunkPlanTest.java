package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.webphone.trunk.TrunkRoute;

/**
 * Alice calls a Berlin number: the primary carrier challenges once (a second challenge means it
 * refused our credentials), fails, and the backup carries the call from then on, with a challenge
 * of its own allowed; when the backup fails too, nothing is left.
 */
class TrunkPlanTest {
  private final TrunkRoute primary = TrunkRoute.builder("primary", "192.0.2.1", 5060).build();
  private final TrunkRoute backup = TrunkRoute.builder("backup", "192.0.2.2", 5060).build();

  @Test
  void theBackupTakesOverWithAChallengeOfItsOwnThenNothingIsLeft() {
    TrunkPlan plan = new TrunkPlan(primary);
    plan.plan(List.of(backup), Optional.of("+49301111111"));

    assertTrue(plan.firstChallenge());
    assertFalse(plan.firstChallenge(), "challenged again: our credentials were refused");
    assertSame(backup, plan.failOver());
    assertSame(backup, plan.current());
    assertTrue(plan.firstChallenge(), "the backup may challenge once too");
    assertEquals(Optional.of("+49301111111"), plan.callingNumber());
    assertNull(plan.failOver());
    assertSame(backup, plan.current(), "the last trunk stays the call's");
  }
}
