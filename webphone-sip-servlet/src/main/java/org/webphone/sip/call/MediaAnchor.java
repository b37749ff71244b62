package org.webphone.sip.call;

import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;
import org.webphone.media.LegStats;
import org.webphone.media.NotAcceptableException;

/**
 * Where a call's media goes: the B2BUA hands the anchor every offer and answer it relays, naming
 * the leg (SIP session) that sent it and the leg it goes to, and sends what the anchor gives back.
 * {@link #PASS_THROUGH} relays each SDP unchanged, so media flows end to end; the node's anchor
 * ({@code org.webphone.sip.media.BrowserMedia}) puts itself between two browsers.
 *
 * <p>Which legs are browsers is marked on their sessions as calls are set up ({@link #browser}): a
 * caller whose INVITE came over WebSocket, a phone reached at a WebSocket contact.
 *
 * <p>Threading: called on JAIN-SIP threads and timer threads, many calls at once.
 */
public interface MediaAnchor {
  String BROWSER = "webphone.media.browser";

  /**
   * Checks a new call's offer before anything rings.
   *
   * @throws NotAcceptableException when the call cannot be carried (488, with the reason)
   */
  void check(SipServletRequest invite) throws NotAcceptableException;

  /**
   * The SDP to send leg {@code to} for the SDP {@code sdp} that leg {@code from.getSession()} sent
   * in the message {@code from} (an offer or an answer; null or empty: none). The message also says
   * where the phone signals from: a phone's media is taken only from its SDP's address or from that
   * address (webphone-media's PeerLock).
   *
   * @throws NotAcceptableException when it cannot be carried (488, with the reason)
   */
  byte[] pass(SipServletMessage from, SipSession to, byte[] sdp) throws NotAcceptableException;

  /**
   * An answer, as {@link #pass} gives it; one the anchor cannot carry goes as it is: the offer was
   * carried and its transaction is done, so there is no 488 left to give, and the phones' media
   * will tell.
   */
  default byte[] answer(SipServletMessage from, SipSession to, byte[] sdp) {
    try {
      return pass(from, to, sdp);
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
  byte[] offerFor(SipSession from, SipSession to) throws NotAcceptableException;

  /**
   * {@code to.getSession()}'s answer to {@link #offerFor}, in the message {@code to}: its leg and
   * {@code from}'s talk from now on.
   */
  void answered(SipServletMessage to, SipSession from, byte[] answer) throws NotAcceptableException;

  /**
   * Joins two legs of different calls as they are, with nothing said to either phone (an attended
   * transfer between phones whose media the anchor holds); false when it cannot.
   */
  boolean join(SipSession a, SipSession b);

  /**
   * An offer that takes {@code leg} off a hold the anchor's side put it on (the transferor of an
   * attended transfer held it, and is gone); null when there is none to make.
   */
  default byte[] resume(SipSession leg) {
    return null;
  }

  /** The answer to {@link #resume} of the leg that sent the message {@code leg}. */
  default void resumed(SipServletMessage leg, byte[] answer) throws NotAcceptableException {}

  /**
   * Who hears that a leg's media failed (its ICE or DTLS did not complete in time), with the
   * reason: the B2BUA ends the call rather than leave it silent. Called on media threads.
   */
  default void onFailure(BiConsumer<SipSession, String> listener) {}

  /**
   * What the anchor saw of {@code leg} so far (packets each way, loss, jitter, round trip); null
   * when it does not carry that leg's media. Read before {@link #release}.
   */
  default LegStats.Snapshot stats(SipSession leg) {
    return null;
  }

  /** The legs are over (hung up, cancelled, transferred away): free what they held. */
  void release(Collection<SipSession> legs);

  /** Marks {@code leg} as a browser's, when it is one. */
  static void browser(SipSession leg, boolean browser) {
    if (browser) {
      leg.setAttribute(BROWSER, Boolean.TRUE);
    }
  }

  static boolean isBrowser(SipSession leg) {
    return leg != null && leg.isValid() && Boolean.TRUE.equals(leg.getAttribute(BROWSER));
  }

  /** A contact a phone registered over WebSocket (RFC 7118 §5: {@code transport=ws} or wss). */
  static boolean isWebSocket(URI contact) {
    if (!(contact instanceof SipURI uri)) {
      return false;
    }
    String transport = uri.getTransportParam();
    return "ws".equalsIgnoreCase(transport) || "wss".equalsIgnoreCase(transport);
  }

  /** A request that came over WebSocket. */
  static boolean isWebSocket(SipServletRequest request) {
    String transport = request.getTransport();
    return "WS".equalsIgnoreCase(transport) || "WSS".equalsIgnoreCase(transport);
  }

  MediaAnchor PASS_THROUGH =
      new MediaAnchor() {
        @Override
        public void check(SipServletRequest invite) {}

        @Override
        public byte[] pass(SipServletMessage from, SipSession to, byte[] sdp) {
          return sdp;
        }

        @Override
        public byte[] offerFor(SipSession from, SipSession to) {
          return null;
        }

        @Override
        public void answered(SipServletMessage to, SipSession from, byte[] answer) {}

        @Override
        public boolean join(SipSession a, SipSession b) {
          return false;
        }

        @Override
        public void release(Collection<SipSession> legs) {}
      };
}
