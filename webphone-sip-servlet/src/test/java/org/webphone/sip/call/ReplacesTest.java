package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How a Replaces value (RFC 3891 §6.1) from a Refer-To URI is read. */
class ReplacesTest {
  @Test
  void anEscapedValueIsReadWithItsTags() {
    assertEquals(
        new AttendedTransfers.Replaces("1-2@127.0.0.1", "ours", "theirs"),
        AttendedTransfers.Replaces.parse("1-2%40127.0.0.1%3Bto-tag%3Dours%3Bfrom-tag%3Dtheirs"));
    assertEquals(
        new AttendedTransfers.Replaces("abc", null, "x"),
        AttendedTransfers.Replaces.parse("abc;from-tag=x;early-only"));
  }

  @Test
  void withoutACallIdOrTheTransferorsTagThereIsNothingToReplace() {
    assertNull(AttendedTransfers.Replaces.parse(";to-tag=a;from-tag=b"));
    assertNull(AttendedTransfers.Replaces.parse("abc;to-tag=a"));
    assertNull(AttendedTransfers.Replaces.parse(null));
  }
}
