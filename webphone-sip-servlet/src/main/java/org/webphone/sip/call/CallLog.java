package org.webphone.sip.call;

import org.webphone.history.CallRecord;

/**
 * Where the B2BUA writes each call's detail record when the call ends. The server's implementation
 * forces it to a local journal and hands it to the database on another thread, so that no SIP
 * thread waits for the database.
 */
@FunctionalInterface
public interface CallLog {
  /**
   * {@code record}'s call has ended. Durable when this returns: the B2BUA sends the call's final
   * answer (the 200 to its BYE, or its failure) only afterwards, so a crash at any later moment
   * loses no record a phone was told of. Called on SIP threads; may wait for a disk's group commit,
   * never for the database.
   */
  void ended(CallRecord record);

  CallLog NONE = record -> {};
}
