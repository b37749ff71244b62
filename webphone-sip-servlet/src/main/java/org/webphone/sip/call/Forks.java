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

  void add(SipServletRequest fork) {
    all.add(fork);
  }

  /** {@code fresh} goes out in place of {@code old} (a retry with credentials). */
  void replace(SipServletRequest old, SipServletRequest fresh) {
    all.set(all.indexOf(old), fresh);
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
