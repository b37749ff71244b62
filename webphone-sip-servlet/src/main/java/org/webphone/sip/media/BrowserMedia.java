package org.webphone.sip.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.function.BiConsumer;
import javax.servlet.sip.SipServletMessage;
import org.webphone.media.Anchor;
import org.webphone.media.LegStats;
import org.webphone.media.MediaService;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.RelayStats;
import org.webphone.media.Sdp;
import org.webphone.sip.call.Leg;
import org.webphone.sip.call.MediaAnchor;

/**
 * The node's media anchor as the B2BUA sees it: SDP of every call with a browser in it goes through
 * {@link Anchor}, keyed by the call's {@link Leg}s: a browser's leg talks ICE and DTLS-SRTP with
 * our media port, a SIP phone's or trunk's leg on the other side plain RTP with a port pair of
 * ours, and the relay joins them. SDP between two SIP phones passes unchanged and unread (their
 * media flows end to end, as the B2BUA always had it). Once a leg is anchored, everything it sends
 * goes through the anchor, so that an answer the anchor cannot take fails the call clearly instead
 * of bypassing it.
 *
 * <p>Holds nothing of its own: the anchor's map from leg to call media is the only one.
 *
 * <p>Threading: any thread (see {@link Anchor}).
 */
public final class BrowserMedia implements MediaAnchor {
  private final Anchor<Leg> anchor;
  private volatile BiConsumer<Leg, String> failures = (leg, reason) -> {};

  public BrowserMedia(MediaService media) {
    this.anchor = new Anchor<>(media, this::failed);
  }

  @Override
  public void onFailure(BiConsumer<Leg, String> listener) {
    this.failures = listener;
  }

  private void failed(Leg leg, String reason) {
    if (leg.session().isValid()) {
      failures.accept(leg, reason);
    }
  }

  @Override
  public void check(Leg.Kind caller, Sdp offer) throws NotAcceptableException {
    if (caller == Leg.Kind.BROWSER && offer != null && offer.isWebRtc()) {
      offer.checkWebRtcOffer(); // a SIP phone's offer passes as it is: nothing to read
    }
  }

  @Override
  public Sdp pass(SipServletMessage message, Leg from, Leg to, Sdp sdp)
      throws NotAcceptableException {
    if (sdp == null || from == null || to == null) {
      return sdp;
    }
    // Much SDP on a busy node is between SIP phones: it leaves here uncopied and unread.
    boolean held = anchor.holds(from);
    if (!held && !from.browser() && !to.browser()) {
      return sdp;
    }
    if (!held && from.browser() && !sdp.isWebRtc()) {
      return sdp; // a WebSocket phone without WebRTC (plain RTP): nothing of ours to anchor
    }
    // A leg the anchor already holds keeps its kind; to's only decides a new one's.
    return Sdp.of(anchor.pass(from, to, to.browser(), sdp, signallingSource(message)));
  }

  /**
   * The address the phone's SIP came from (the first hop's: JSR 289 §5.7.3), which a phone's RTP
   * leg also takes media from (a phone behind NAT writes its private address into its SDP); null
   * when unknown. Never a name lookup: the container gives an IP literal.
   */
  private static InetAddress signallingSource(SipServletMessage message) {
    String address = message.getInitialRemoteAddr();
    if (address == null) {
      return null;
    }
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public Sdp offerFor(Leg from, Leg to) throws NotAcceptableException {
    if (!to.browser()) {
      return null;
    }
    String offer = anchor.offerFor(from, to, true);
    return offer == null ? null : Sdp.of(offer);
  }

  @Override
  public void answered(SipServletMessage message, Leg to, Leg from, Sdp answer)
      throws NotAcceptableException {
    anchor.answered(to, from, answer, signallingSource(message));
  }

  @Override
  public Sdp resume(Leg leg) {
    String offer = anchor.resume(leg);
    return offer == null ? null : Sdp.of(offer);
  }

  @Override
  public void resumed(SipServletMessage message, Leg leg, Sdp answer)
      throws NotAcceptableException {
    anchor.resumed(leg, answer, signallingSource(message));
  }

  @Override
  public boolean join(Leg a, Leg b) {
    return anchor.join(a, b);
  }

  @Override
  public LegStats.Snapshot stats(Leg leg) {
    return leg == null ? null : anchor.stats(leg);
  }

  /** Browser legs anchored on this node now. */
  public int legs() {
    return anchor.legs();
  }

  /** The node's relay counters since start. */
  public RelayStats stats() {
    return anchor.stats();
  }

  @Override
  public void release(Collection<Leg> legs) {
    anchor.release(legs);
  }
}
