package org.webphone.sip.media;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipSession;
import org.webphone.media.Anchor;
import org.webphone.media.LegStats;
import org.webphone.media.MediaService;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.RelayStats;
import org.webphone.media.WebRtcSdp;
import org.webphone.sip.call.MediaAnchor;

/**
 * The node's media anchor as the B2BUA sees it: SDP of every call with a browser in it goes through
 * {@link Anchor}, keyed by SIP session id: a browser's leg talks ICE and DTLS-SRTP with our media
 * port, a SIP phone's or trunk's leg on the other side plain RTP with a port pair of ours, and the
 * relay joins them. SDP between two SIP phones passes unchanged (their media flows end to end, as
 * the B2BUA always had it). Once a leg is anchored, everything it sends goes through the anchor, so
 * that an answer the anchor cannot take fails the call clearly instead of bypassing it.
 *
 * <p>Threading: any thread (see {@link Anchor}).
 */
public final class BrowserMedia implements MediaAnchor {
  private final Anchor anchor;
  private final Map<String, SipSession> anchored = new ConcurrentHashMap<>();
  private volatile BiConsumer<SipSession, String> failures = (leg, reason) -> {};

  public BrowserMedia(MediaService media) {
    this.anchor = new Anchor(media, this::failed);
  }

  @Override
  public void onFailure(BiConsumer<SipSession, String> listener) {
    this.failures = listener;
  }

  private void failed(String leg, String reason) {
    SipSession session = anchored.get(leg);
    if (session != null && session.isValid()) {
      failures.accept(session, reason);
    }
  }

  @Override
  public void check(SipServletRequest invite) throws NotAcceptableException {
    if (!MediaAnchor.isBrowser(invite.getSession())) {
      return; // a SIP phone's offer passes as it is: nothing to read
    }
    byte[] sdp;
    try {
      sdp = invite.getRawContent();
    } catch (IOException e) {
      throw new NotAcceptableException("Unreadable body");
    }
    if (sdp == null || sdp.length == 0) {
      return;
    }
    String offer = new String(sdp, UTF_8);
    if (WebRtcSdp.isWebRtc(offer)) {
      Anchor.check(offer);
    }
  }

  @Override
  public byte[] pass(SipServletMessage message, SipSession to, byte[] sdp)
      throws NotAcceptableException {
    if (sdp == null || sdp.length == 0 || to == null) {
      return sdp;
    }
    SipSession from = message.getSession();
    // Much SDP on a busy node is between SIP phones: it leaves here uncopied and unparsed.
    boolean held = anchored.containsKey(from.getId());
    boolean fromBrowser = MediaAnchor.isBrowser(from);
    boolean toBrowser = MediaAnchor.isBrowser(to);
    if (!held && !fromBrowser && !toBrowser) {
      return sdp;
    }
    String body = new String(sdp, UTF_8);
    if (!held && fromBrowser && !WebRtcSdp.isWebRtc(body)) {
      return sdp; // a WebSocket phone without WebRTC (plain RTP): nothing of ours to anchor
    }
    // A leg the anchor already holds keeps its kind; toBrowser only decides a new one's.
    byte[] out =
        anchor
            .pass(from.getId(), to.getId(), toBrowser, body, signallingSource(message))
            .getBytes(UTF_8);
    this.anchored.put(from.getId(), from);
    this.anchored.put(to.getId(), to);
    return out;
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
  public byte[] offerFor(SipSession from, SipSession to) throws NotAcceptableException {
    if (!MediaAnchor.isBrowser(to)) {
      return null;
    }
    String offer = anchor.offerFor(from.getId(), to.getId(), true);
    if (offer == null) {
      return null;
    }
    anchored.put(to.getId(), to);
    return offer.getBytes(UTF_8);
  }

  @Override
  public void answered(SipServletMessage to, SipSession from, byte[] answer)
      throws NotAcceptableException {
    anchor.answered(
        to.getSession().getId(), from.getId(), new String(answer, UTF_8), signallingSource(to));
  }

  @Override
  public byte[] resume(SipSession leg) {
    String offer = anchor.resume(leg.getId());
    return offer == null ? null : offer.getBytes(UTF_8);
  }

  @Override
  public void resumed(SipServletMessage leg, byte[] answer) throws NotAcceptableException {
    anchor.resumed(leg.getSession().getId(), new String(answer, UTF_8), signallingSource(leg));
  }

  @Override
  public boolean join(SipSession a, SipSession b) {
    return anchor.join(a.getId(), b.getId());
  }

  @Override
  public LegStats.Snapshot stats(SipSession leg) {
    return leg == null || !anchored.containsKey(leg.getId()) ? null : anchor.stats(leg.getId());
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
  public void release(Collection<SipSession> legs) {
    // Every call's end comes here; only one with anchored legs takes the anchor's lock.
    List<String> ids = new ArrayList<>(legs.size());
    for (SipSession leg : legs) {
      if (leg != null && anchored.remove(leg.getId()) != null) {
        ids.add(leg.getId());
      }
    }
    if (!ids.isEmpty()) {
      anchor.release(ids);
    }
  }
}
