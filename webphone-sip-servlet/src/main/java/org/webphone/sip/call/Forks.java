package org.webphone.sip.call;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletRequest;

/**
 * The INVITEs forked to one party's phones (parallel forking): which of them still wait for a final
 * answer. Used for a call's callee and for a transfer's target.
 *
 * <p>Threading: not synchronized; its owner ({@link Call}, {@link Transfers.Attempt}) is.
 */
final class Forks {
  private static final Logger LOG = Logger.getLogger(Forks.class.getName());
  private final List<SipServletRequest> all = new ArrayList<>();
  private final List<SipServletRequest> finished = new ArrayList<>();
  private final List<Leg> legs = new ArrayList<>(); // the leg of each of all, in its order
  private int bestFailure;

  /** A fork to the phone on {@code leg} (the fork's session). */
  void add(SipServletRequest fork, Leg leg) {
    all.add(fork);
    legs.add(leg);
  }

  /**
   * {@code fresh} goes out in place of {@code old} (a retry with credentials, the next trunk): to
   * the same kind of phone, on its own session when it has a new one.
   */
  void replace(SipServletRequest old, SipServletRequest fresh) {
    int i = all.indexOf(old);
    all.set(i, fresh);
    Leg was = legs.get(i);
    if (!was.session().equals(fresh.getSession())) {
      legs.set(i, new Leg(fresh.getSession(), was.kind()));
    }
  }

  /** The leg of a fork's session, or null when none of the forks is on it. */
  Leg leg(javax.servlet.sip.SipSession session) {
    for (Leg leg : legs) {
      if (leg.session().equals(session)) {
        return leg;
      }
    }
    return null;
  }

  /** Every fork's leg, in the order they went out. */
  List<Leg> legs() {
    return new ArrayList<>(legs);
  }

  List<SipServletRequest> all() {
    return new ArrayList<>(all);
  }

  /** The forks still waiting for a final answer. */
  List<SipServletRequest> pending() {
    List<SipServletRequest> p = new ArrayList<>(all);
    p.removeAll(finished);
    return p;
  }

  /**
   * {@code fork} has its final answer (or never went out).
   *
   * @return true when every fork now has one
   */
  boolean finish(SipServletRequest fork) {
    if (!finished.contains(fork)) {
      finished.add(fork);
    }
    return finished.size() == all.size();
  }

  /**
   * {@code fork} failed with {@code status}, kept if it is the best failure so far (RFC 3261 §16.7
   * picks the best of them: 6xx first, then busy, then the lowest class).
   *
   * @return true when every fork now has its final answer
   */
  boolean failed(SipServletRequest fork, int status) {
    if (bestFailure == 0
        || status >= 600
        || (bestFailure < 600 && status == 486)
        || (bestFailure < 600 && bestFailure != 486 && status < bestFailure)) {
      bestFailure = status;
    }
    return finish(fork);
  }

  /** The best failure so far, 0 for none. */
  int bestFailure() {
    return bestFailure;
  }

  /** Sends each of {@code forks}; one that cannot go out is handed to {@code failed}. */
  static void sendAll(List<SipServletRequest> forks, Consumer<SipServletRequest> failed) {
    for (SipServletRequest fork : forks) {
      try {
        fork.send();
      } catch (IOException | IllegalStateException e) {
        LOG.log(Level.FINE, e, () -> "fork to " + fork.getRequestURI() + " failed");
        failed.accept(fork);
      }
    }
  }
}
