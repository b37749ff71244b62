package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A peer that makes the stack log an error per connection (a TLS client that sends a double CRLF
 * and hangs up) gets one line a minute per kind, with the count of those held back; a peer that
 * varies the text gains nothing once the gate follows as many kinds as it will.
 */
class LogFloodGateTest {
  private final AtomicLong now = new AtomicLong();
  private final LogFloodGate gate = new LogFloodGate(TimeUnit.MINUTES.toNanos(1), 3, now::get);

  private static final String CRLF_PONG =
      LogFloodGate.kind(
          "gov.nist.javax.sip.stack.TLSMessageChannel",
          "A problem occured while trying to send a single CLRF in response to a double CLRF",
          new IOException("Could not connect to /127.0.0.1:53796"));

  @Test
  void oneLineAMinutePerKindWithTheCountHeldBack() {
    assertEquals(0, gate.admit(CRLF_PONG), "the first is logged");
    for (int i = 0; i < 1000; i++) {
      assertEquals(-1, gate.admit(CRLF_PONG));
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertEquals(-1, gate.admit(CRLF_PONG), "not yet a minute");
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertEquals(1001, gate.admit(CRLF_PONG), "a minute on: one line, with the count");
  }

  @Test
  void anotherKindIsNotHeldBackByTheFirst() {
    gate.admit(CRLF_PONG);
    assertEquals(
        0,
        gate.admit(
            LogFloodGate.kind(
                "org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl",
                "Unexpected exception while processing request BYE sip:alice@example.test",
                new IllegalStateException())));
  }

  @Test
  void theSipMessageAnErrorQuotesDoesNotMakeANewKind() {
    String one =
        LogFloodGate.kind("core", "Unexpected exception while processing request\nBYE sip:a", null);
    String other =
        LogFloodGate.kind("core", "Unexpected exception while processing request\nBYE sip:b", null);
    assertEquals(one, other);
    assertNotEquals(
        one, LogFloodGate.kind("core", "Problem while sending the error response", null));
  }

  @Test
  void pastTheKindsItFollowsNewTextsShareOneLineAMinute() {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, gate.admit("kind " + i));
    }
    assertEquals(0, gate.admit("varied 1"), "the first kind too many: let through once");
    assertEquals(-1, gate.admit("varied 2"));
    assertEquals(-1, gate.admit("varied 3"));
    now.addAndGet(TimeUnit.MINUTES.toNanos(1));
    assertEquals(2, gate.admit("varied 4"));
  }
}
