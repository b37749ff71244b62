package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.sip.MutableClock;
import org.webphone.sip.TestGrid;

/**
 * A node is lost with calls in progress: the other nodes share one grid ({@link TestGrid}), find
 * its answered calls there, and record each once, under the key its own node would have used.
 */
class NodeCallsTest {
  private final TestGrid grid = new TestGrid();
  private final Cache<String, GridNodeCalls.Held> calls = grid.cache("node-calls");
  private final MutableClock time = new MutableClock();
  private final List<CallRecord> records = new ArrayList<>();

  @AfterEach
  void noGrid() {
    grid.close();
  }

  private GridNodeCalls node(String id) {
    return new GridNodeCalls(calls, id);
  }

  private NodeCalls.Answered call(String callId, String caller, String callee) {
    Instant started = time.instant();
    return new NodeCalls.Answered(
        CallRecorder.keyOf(callId, started),
        7,
        callId,
        caller,
        callee,
        started,
        started.plusSeconds(3),
        null);
  }

  @Test
  void theCallsOfALostNodeAreTakenOnceAndTheOthersStay() {
    GridNodeCalls a = node("a");
    GridNodeCalls b = node("b");
    GridNodeCalls c = node("c");
    a.answered(call("one@a", "alice", "bob"));
    a.answered(call("two@a", "carol", "bob"));
    a.answered(call("ended@a", "alice", "carol"));
    a.ended("ended@a");
    b.answered(call("three@b", "bob", "alice"));

    List<NodeCalls.Answered> takenByB = b.takeCallsOf("a");
    List<NodeCalls.Answered> takenByC = c.takeCallsOf("a");

    Set<String> taken =
        takenByB.stream().map(NodeCalls.Answered::callId).collect(Collectors.toSet());
    assertEquals(Set.of("one@a", "two@a"), taken, "a's calls in progress, not the one that ended");
    assertEquals(List.of(), takenByC, "each call to one survivor");
    assertEquals(List.of(), c.takeCallsOf("a"), "and once");
    assertEquals(1, c.takeCallsOf("b").size(), "b's call is still there, for when b is lost");
  }

  @Test
  void aSurvivorRecordsALostCallAsAnsweredAndEndedByTheSystemUnderItsCallsKey() {
    time.advance(Duration.ofSeconds(60));
    NodeCalls.Answered lost = call("one@a", "alice", "bob");
    time.advance(Duration.ofSeconds(45));
    CallRecorder survivor = new CallRecorder(records::add, new CallLimits(2, 10), time);

    assertEquals(1, survivor.lost(List.of(lost)));

    CallRecord r = records.get(0);
    assertEquals(CallRecorder.keyOf("one@a", lost.startedAt()), r.getRecordKey());
    assertEquals(Disposition.ANSWERED, r.getDisposition());
    assertEquals(Side.SYSTEM, r.getHungUpBy());
    assertEquals("alice", r.getCaller());
    assertEquals("bob", r.getCallee());
    assertEquals(time.instant(), r.getEndedAt(), "ended when the cluster saw its node go");
    assertEquals(42, r.getDurationSeconds(), "from the answer, 3 s after the start, to now");
  }

  @Test
  void aCallsKeyIsItsOwnWhoeverMakesIt() {
    Instant started = Instant.parse("2026-12-07T22:00:00Z");
    assertEquals(CallRecorder.keyOf("x@a", started), CallRecorder.keyOf("x@a", started));
    assertNotEquals(CallRecorder.keyOf("x@a", started), CallRecorder.keyOf("y@a", started));
    assertNotEquals(
        CallRecorder.keyOf("x@a", started), CallRecorder.keyOf("x@a", started.plusMillis(1)));
    assertTrue(CallRecorder.keyOf("x@a", started).length() <= 36, "the record_key column's size");
  }
}
