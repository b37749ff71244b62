package org.webphone.sip.call;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.sip.B2buaHelper;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.URI;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;
import org.webphone.sip.container.HomeHops;

/**
 * Rings a new call's callee: one INVITE per target (every phone of a user, or a trunk), all at once
 * (parallel forking), each with the caller's offer as the anchor rewrites it; and the timer after
 * which nobody answered. The first to answer wins ({@link B2bua}).
 *
 * <p>Threading: the JAIN-SIP thread of the caller's INVITE.
 */
final class Ringing implements TrunkCalls.Ringer {
  private final MediaAnchor anchor;
  private final Hangups hangups;
  private final ScheduledExecutorService timers;
  private final Duration noAnswerTimeout;

  private final CrossingHeaders crossing;

  /** The cluster's hops, or null on a node alone (set once, before the first call). */
  private volatile HomeHops hops;

  Ringing(
      MediaAnchor anchor,
      Hangups hangups,
      ScheduledExecutorService timers,
      Duration noAnswerTimeout,
      CrossingHeaders crossing) {
    this.crossing = crossing;
    this.anchor = anchor;
    this.hangups = hangups;
    this.timers = timers;
    this.noAnswerTimeout = noAnswerTimeout;
  }

  void homeHops(HomeHops hops) {
    this.hops = hops;
  }

  /**
   * Rings every target at once for {@code call} (parallel forking) with the caller's offer, and
   * starts its no-answer timer.
   *
   * @param headers From and To for the new leg (a trunk's), and headers we assert to it; null keeps
   *     the caller's From and To
   */
  @Override
  public boolean ring(
      Call call,
      SipServletRequest request,
      List<RingTarget> targets,
      Map<String, List<String>> headers,
      SipFactory factory)
      throws IOException {
    request.getApplicationSession().setAttribute(Call.ATTRIBUTE, call);
    B2buaHelper helper = request.getB2buaHelper();
    String refused = null;
    for (RingTarget to : targets) {
      URI target = to.uri();
      SipServletRequest fork;
      try {
        fork = helper.createRequest(request, false, headers);
      } catch (javax.servlet.sip.TooManyHopsException e) {
        throw new IllegalStateException(e); // the container answered 483 before we saw it
      }
      fork.setRequestURI(target);
      if (to.home() != null && hops != null) {
        // A browser connected to another node: through that node, which holds its connection.
        hops.routeThrough(fork, to.home(), factory);
      }
      // The caller's credentials were for us (RFC 3261 §22.3), not for the callee or a carrier;
      // nor is anything else of the caller's that is not on the allow list.
      crossing.scrub(fork, headers);
      Leg leg = new Leg(fork.getSession(), Leg.Kind.of(target));
      Sdp offer;
      try {
        offer = anchor.pass(request, call.callerLeg, leg, call.offer);
      } catch (NotAcceptableException e) {
        // A SIP phone's offer that this target (a browser) cannot take: the other targets ring.
        refused = e.getMessage();
        continue;
      } catch (java.io.UncheckedIOException e) {
        throw new IllegalStateException("media for " + target + ": " + e.getMessage(), e);
      }
      if (offer != null) {
        fork.setContent(offer.bytes(), request.getContentType());
      }
      call.fork(fork, leg);
    }
    if (refused != null && call.pending().isEmpty()) {
      hangups.end(call, 488, refused, Disposition.FAILED, Side.SYSTEM);
      return true;
    }
    call.noAnswerTimer(
        timers.schedule(
            () -> hangups.noAnswer(call), noAnswerTimeout.toMillis(), TimeUnit.MILLISECONDS));
    Forks.sendAll(
        call.pending(),
        fork -> {
          if (call.failed(fork, 480)) {
            hangups.end(call, 480, "Temporarily Unavailable", Disposition.UNAVAILABLE, null);
          }
        });
    return true;
  }
}
