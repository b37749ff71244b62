package org.webphone.sip.container.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Whether a browser's connection carries a call, read from the messages that pass over it: what a
 * draining node asks before it tells the phone to go elsewhere.
 */
class InviteDialogsTest {
  private final InviteDialogs dialogs = new InviteDialogs();

  private static SIPMessage message(String startLine, String callId, String cseq, String toTag)
      throws Exception {
    String text =
        startLine
            + "\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\n"
            + "From: <sip:alice@localhost>;tag=f1\r\n"
            + "To: <sip:bob@localhost>"
            + (toTag == null ? "" : ";tag=" + toTag)
            + "\r\nCall-ID: "
            + callId
            + "\r\nCSeq: "
            + cseq
            + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    return new StringMsgParser()
        .parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
  }

  private static final String INVITE = "INVITE sip:bob@localhost SIP/2.0";

  @Test
  void aCallAnsweredKeepsTheConnectionBusyUntilEitherSideSaysBye() throws Exception {
    assertTrue(dialogs.idle(), "a phone that only registered");
    dialogs.saw(message(INVITE, "c1", "1 INVITE", null));
    dialogs.saw(message("SIP/2.0 200 OK", "c1", "1 INVITE", "t1"));
    dialogs.saw(message(INVITE, "c1", "2 INVITE", "t1")); // a re-INVITE (hold) starts nothing
    dialogs.saw(message("BYE sip:x@a.invalid SIP/2.0", "c2", "1 BYE", "t9")); // another call's
    assertFalse(dialogs.idle(), "the call is up");

    dialogs.saw(message("BYE sip:x@a.invalid SIP/2.0", "c1", "3 BYE", "t1"));
    assertTrue(dialogs.idle(), "the call has ended");
  }

  @Test
  void aCallDeclinedOrCancelledLeavesTheConnectionIdle() throws Exception {
    dialogs.saw(message(INVITE, "c1", "1 INVITE", null));
    dialogs.saw(message("SIP/2.0 180 Ringing", "c1", "1 INVITE", "t1"));
    assertFalse(dialogs.idle(), "it rings");
    dialogs.saw(message("SIP/2.0 486 Busy Here", "c1", "1 INVITE", "t1"));
    assertTrue(dialogs.idle(), "declined");

    dialogs.saw(message(INVITE, "c2", "1 INVITE", null));
    dialogs.saw(message("CANCEL sip:bob@localhost SIP/2.0", "c2", "1 CANCEL", null));
    assertTrue(dialogs.idle(), "cancelled");
  }

  @Test
  void aPeerOpeningCallsItNeverEndsHoldsAtMostAFewOfThemAndStaysBusy() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      dialogs.saw(message(INVITE, "c" + i, "1 INVITE", null));
    }
    assertEquals(InviteDialogs.MAX_CALLS, dialogs.calls(), "the rest were not kept");
    assertFalse(dialogs.idle());
  }
}
