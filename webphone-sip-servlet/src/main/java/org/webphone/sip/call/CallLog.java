package org.webphone.sip.call;

import org.webphone.history.CallRecord;

/**
 * Where the B2BUA writes each call's detail record when the call ends. The server's implementation
 * hands it to the database on another thread, so that no SIP thread waits for a write.
 */
@FunctionalInterface
public interface CallLog {
  void ended(CallRecord record);

  CallLog NONE = record -> {};
}
