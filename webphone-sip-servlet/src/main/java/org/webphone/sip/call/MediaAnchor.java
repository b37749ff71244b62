package org.webphone.sip.call;

import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletMessage;
import org.webphone.media.LegStats;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;

/**
 * Where a call's media goes: the B2BUA hands the anchor every offer and answer it relays, naming
 * the leg that sent it and the leg it goes to, and sends what the anchor gives back. {@link
 * #PASS_THROUGH} relays each SDP unchanged, so media flows end to end; the node's anchor ({@code
 * org.webphone.sip.media.BrowserMedia}) puts itself between two browsers.
 *
 * <p>Which legs are browsers is a fact of each {@link Leg}, decided when the call made it. Each SDP
 * body is one {@link Sdp} value, read at most once however many legs it goes to.
 *
 * <p>Threading: called on JAIN-SIP threads and timer threads, many calls at once.
 */
public interface MediaAnchor {
  /**
   * Checks a new call's offer before anything rings.
   *
   * @param caller what kind of phone calls (its leg is made with the call, after this check)
   * @param offer the caller's INVITE's SDP, or null for none (a late offer)
   * @throws NotAcceptableException when the call cannot be carried (488, with the reason)
   */
  void check(Leg.Kind caller, Sdp offer) throws NotAcceptableException;

  /**
   * The SDP to send leg {@code to} for the SDP {@code sdp} that leg {@code from} sent in the
   * message {@code message} (an offer or an answer; null: none). The message also says where the
   * phone signals from: a phone's media is taken only from its SDP's address or from that address
   * (webphone-media's PeerLock).
   *
   * @throws NotAcceptableException when it cannot be carried (488, with the reason)
   */
  Sdp pass(SipServletMessage message, Leg from, Leg to, Sdp sdp) throws NotAcceptableException;

  /**
   * An answer, as {@link #pass} gives it; one the anchor cannot carry goes as it is: the offer was
   * carried and its transaction is done, so there is no 488 left to give, and the phones' media
   * will tell.
   */
  default Sdp answer(SipServletMessage message, Leg from, Leg to, Sdp sdp) {
    try {
      return pass(message, from, to, sdp);
    } catch (NotAcceptableException e) {
      Logger.getLogger(MediaAnchor.class.getName())
          .log(Level.INFO, "answer not anchored: {0}", e.getMessage());
      return sdp;
    }
  }

  /**
   * Our offer for a new leg {@code to} on behalf of {@code from}, whose phone is not asked (a blind
   * transfer's target gets an offer instead of an offerless INVITE, which browsers handle badly);
   * null when the anchor has none to make: then the new leg is asked for an offer.
   */
  Sdp offerFor(Leg from, Leg to) throws NotAcceptableException;

  /**
   * Leg {@code to}'s answer to {@link #offerFor}, in the message {@code message}: its leg and
   * {@code from}'s talk from now on.
   */
  void answered(SipServletMessage message, Leg to, Leg from, Sdp answer)
      throws NotAcceptableException;

  /**
   * Joins two legs of different calls as they are, with nothing said to either phone (an attended
   * transfer between phones whose media the anchor holds); false when it cannot.
   */
  boolean join(Leg a, Leg b);

  /**
   * An offer that takes {@code leg} off a hold the anchor's side put it on (the transferor of an
   * attended transfer held it, and is gone); null when there is none to make.
   */
  default Sdp resume(Leg leg) {
    return null;
  }

  /** The answer to {@link #resume} of {@code leg}, in the message {@code message}. */
  default void resumed(SipServletMessage message, Leg leg, Sdp answer)
      throws NotAcceptableException {}

  /**
   * Who hears that a leg's media failed (its ICE or DTLS did not complete in time, or it went
   * silent), with the reason: the B2BUA ends the call rather than leave it silent. Called on media
   * threads.
   */
  default void onFailure(BiConsumer<Leg, String> listener) {}

  /**
   * What the anchor saw of {@code leg} so far (packets each way, loss, jitter, round trip); null
   * when it does not carry that leg's media. Read before {@link #release}.
   */
  default LegStats.Snapshot stats(Leg leg) {
    return null;
  }

  /** The legs are over (hung up, cancelled, transferred away): free what they held. */
  void release(Collection<Leg> legs);

  MediaAnchor PASS_THROUGH =
      new MediaAnchor() {
        @Override
        public void check(Leg.Kind caller, Sdp offer) {}

        @Override
        public Sdp pass(SipServletMessage message, Leg from, Leg to, Sdp sdp) {
          return sdp;
        }

        @Override
        public Sdp offerFor(Leg from, Leg to) {
          return null;
        }

        @Override
        public void answered(SipServletMessage message, Leg to, Leg from, Sdp answer) {}

        @Override
        public boolean join(Leg a, Leg b) {
          return false;
        }

        @Override
        public void release(Collection<Leg> legs) {}
      };
}
