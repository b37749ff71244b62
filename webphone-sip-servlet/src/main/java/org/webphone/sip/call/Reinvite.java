package org.webphone.sip.call;

import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;

/**
 * The re-INVITE a call is relaying from one leg to the other (RFC 3261 §14), one at a time:
 *
 * <pre>
 *   IDLE --start--> RELAYING --answered (2xx)--> ANSWERED --the asker's ACK--> IDLE
 *                      |                            |
 *                      +--failed (or not sent)--> IDLE      +--start (its ACK not seen yet)--> RELAYING
 * </pre>
 *
 * A second re-INVITE while one is {@code RELAYING} gets 491 (§14.2). One that is {@code ANSWERED}
 * but whose ACK the core has not handed us yet (it gives requests to its threads in any order) is
 * done: a new one may start, and the old 2xx is acknowledged at once. Any other transition is a
 * defect and throws, naming both states.
 *
 * <p>Threading: not thread-safe; guarded by its {@link Call}'s lock.
 */
final class Reinvite {
  enum State {
    IDLE,
    RELAYING,
    ANSWERED
  }

  /** What becomes of a re-INVITE that wants relaying. */
  record Start(boolean accepted, SipServletResponse unacknowledged) {}

  private State state = State.IDLE;
  private SipSession from;
  private long cseq;
  private SipServletResponse otherOk;

  State state() {
    return state;
  }

  /** A re-INVITE from {@code asker} with CSeq {@code number} wants relaying. */
  Start start(SipSession asker, long number) {
    if (state == State.RELAYING) {
      return new Start(false, null);
    }
    SipServletResponse stale = otherOk;
    to(State.RELAYING);
    from = asker;
    cseq = number;
    otherOk = null;
    return new Start(true, stale);
  }

  /** The other leg answered the relayed re-INVITE 2xx: it waits for the asker's ACK. */
  void answered(SipServletResponse ok) {
    to(State.ANSWERED);
    otherOk = ok;
  }

  /** The relayed re-INVITE failed, or could not be sent: the next may start. */
  void failed() {
    to(State.IDLE);
    from = null;
  }

  /**
   * For {@code asker}'s ACK with CSeq {@code number}: the other leg's 2xx to acknowledge, once;
   * null when the ACK is not for the answered re-INVITE.
   */
  SipServletResponse acknowledged(SipSession asker, long number) {
    if (state != State.ANSWERED || !asker.equals(from) || number != cseq) {
      return null;
    }
    SipServletResponse ok = otherOk;
    to(State.IDLE);
    from = null;
    otherOk = null;
    return ok;
  }

  private void to(State next) {
    boolean allowed =
        switch (state) {
          case IDLE -> next == State.RELAYING;
          case RELAYING -> next == State.ANSWERED || next == State.IDLE;
          case ANSWERED -> next == State.IDLE || next == State.RELAYING;
        };
    if (!allowed) {
      throw new IllegalStateException("re-INVITE: " + state + " -> " + next);
    }
    state = next;
  }
}
