package org.webphone.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webphone.media.transport.IceLeg;

/**
 * The SDP we write when the two legs of a call speak different media: to a SIP phone or trunk a
 * plain one (RTP/AVP, RFC 3551, or RTP/SAVP with an SDES key, RFC 4568) on our RTP port; to a
 * browser a WebRTC one (UDP/TLS/RTP/SAVPF, ICE-lite, DTLS fingerprint, rtcp-mux) made from the
 * phone's codecs. Offers carry the offerer's codecs with its numbers; answers carry the answerer's
 * choice renumbered to the numbers of the offer they answer (RFC 3264 §6.1), so each side receives
 * the numbers it asked for and the relay maps between them.
 *
 * <p>Threading: stateless but for {@link Origin}, which its leg's call synchronizes.
 */
public final class PhoneSdp {
  private PhoneSdp() {}

  /**
   * One leg's o= line (RFC 8866 §5.2): a session id of its own, and a version that goes up each
   * time what we send that leg changes (RFC 3264 §8), and only then.
   */
  public static final class Origin {
    private final long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private long version = 1;
    private String lastBody;

    /** The SDP with our o= line first after v=. */
    String stamp(String address, String body) {
      if (lastBody != null && !lastBody.equals(body)) {
        version++;
      }
      lastBody = body;
      return "v=0\r\no=- " + id + " " + version + " IN IP4 " + address + "\r\n" + body;
    }

    /**
     * {@code sdp} (sent before, now changed) with a higher o= version (RFC 3264 §8): stamped again
     * when the o= line is ours, its version raised by one when it is a browser's we passed on.
     */
    public String restamp(String sdp) {
      Matcher o = O_LINE.matcher(sdp);
      if (!o.find()) {
        return sdp;
      }
      if (o.group(1).equals(Long.toString(id))) {
        return stamp(o.group(3), sdp.substring(o.end()));
      }
      long next = Long.parseLong(o.group(2)) + 1;
      return sdp.substring(0, o.start(2)) + next + sdp.substring(o.end(2));
    }
  }

  /** v= and o= as we and browsers write them: session id, version, address; and the line's end. */
  private static final Pattern O_LINE =
      Pattern.compile("\\Av=0\r\no=\\S+ (\\d+) (\\d+) IN IP[46] (\\S+)\r\n");

  /** An offer to a phone: {@code from}'s codecs and direction, our address, port and key. */
  public static String phoneOffer(
      AudioSdp from, Origin origin, String address, int port, String crypto, boolean mux) {
    return phone(origin, address, port, from.codecs(), from.direction(), from.ptime(), crypto, mux);
  }

  /**
   * Our answer to a phone's {@code offer}: the codecs and direction of the other side's {@code
   * answer}, numbered as the phone numbered them.
   */
  public static String phoneAnswer(
      AudioSdp offer, AudioSdp answer, Origin origin, String address, int port, String crypto) {
    List<AudioSdp.Codec> chosen = renumber(answer, offer);
    return phone(
        origin,
        address,
        chosen.isEmpty() ? 0 : port,
        chosen.isEmpty() ? offer.codecs().subList(0, 1) : chosen,
        answer.direction(),
        answer.ptime(),
        crypto,
        offer.rtcpMux());
  }

  /** An offer to a browser for a phone's offer {@code from}: its codecs, our WebRTC transport. */
  public static String browserOffer(AudioSdp from, Origin origin, WebRtcSdp.Local ours) {
    return browser(origin, ours, from.codecs(), from.direction(), from.ptime(), "0", true);
  }

  /** Our answer to a browser's {@code offer}, with the phone's {@code answer} renumbered. */
  public static String browserAnswer(
      AudioSdp offer, AudioSdp answer, Origin origin, WebRtcSdp.Local ours) {
    List<AudioSdp.Codec> chosen = renumber(answer, offer);
    if (chosen.isEmpty()) {
      chosen = offer.codecs().subList(0, 1);
    }
    return browser(
        origin,
        ours,
        chosen,
        answer.port() == 0 ? "inactive" : answer.direction(),
        answer.ptime(),
        offer.mid() == null ? "0" : offer.mid(),
        offer.bundle());
  }

  /** {@code answer}'s codecs that {@code offer} has, with the offer's numbers, in answer order. */
  static List<AudioSdp.Codec> renumber(AudioSdp answer, AudioSdp offer) {
    List<AudioSdp.Codec> out = new ArrayList<>();
    for (AudioSdp.Codec c : answer.codecs()) {
      int pt = offer.ptOf(c);
      if (pt >= 0) {
        out.add(new AudioSdp.Codec(pt, c.name(), c.clock(), c.channels(), c.fmtp()));
      }
    }
    return out;
  }

  private static String phone(
      Origin origin,
      String address,
      int port,
      List<AudioSdp.Codec> codecs,
      String direction,
      Integer ptime,
      String crypto,
      boolean mux) {
    StringBuilder b = new StringBuilder(512);
    b.append("s=WebPhone\r\nc=IN IP4 ").append(address).append("\r\nt=0 0\r\n");
    b.append("m=audio ").append(port).append(crypto == null ? " RTP/AVP" : " RTP/SAVP");
    formats(b, codecs);
    codecLines(b, codecs);
    if (ptime != null) {
      b.append("a=ptime:").append(ptime).append("\r\n");
    }
    if (mux) {
      b.append("a=rtcp-mux\r\n");
    }
    if (crypto != null) {
      b.append("a=crypto:").append(crypto).append("\r\n");
    }
    b.append("a=").append(direction).append("\r\n");
    return origin.stamp(address, b.toString());
  }

  private static String browser(
      Origin origin,
      WebRtcSdp.Local ours,
      List<AudioSdp.Codec> codecs,
      String direction,
      Integer ptime,
      String mid,
      boolean bundle) {
    IceLeg.Candidate first = ours.candidates().get(0);
    StringBuilder b = new StringBuilder(1024);
    b.append("s=-\r\nt=0 0\r\n");
    if (bundle) {
      b.append("a=group:BUNDLE ").append(mid).append("\r\n");
    }
    // We answer checks and send none: the browser must control (RFC 8445 §6.1.1), see WebRtcSdp.
    b.append("a=ice-lite\r\na=msid-semantic: WMS webphone\r\n");
    b.append("m=audio ").append(first.port()).append(" UDP/TLS/RTP/SAVPF");
    formats(b, codecs);
    b.append("c=IN IP4 ").append(first.address()).append("\r\n");
    b.append("a=mid:").append(mid).append("\r\n");
    b.append("a=").append(direction).append("\r\n");
    b.append("a=msid:webphone audio\r\n");
    b.append("a=rtcp-mux\r\n");
    codecLines(b, codecs);
    if (ptime != null) {
      b.append("a=ptime:").append(ptime).append("\r\n");
    }
    WebRtcSdp.transport(b, ours);
    return origin.stamp(first.address(), b.toString());
  }

  private static void formats(StringBuilder b, List<AudioSdp.Codec> codecs) {
    for (AudioSdp.Codec c : codecs) {
      b.append(' ').append(c.pt());
    }
    b.append("\r\n");
  }

  private static void codecLines(StringBuilder b, List<AudioSdp.Codec> codecs) {
    for (AudioSdp.Codec c : codecs) {
      b.append("a=rtpmap:").append(c.rtpmap()).append("\r\n");
      if (c.fmtp() != null) {
        b.append("a=fmtp:").append(c.pt()).append(' ').append(c.fmtp()).append("\r\n");
      } else if (!c.voice()) {
        b.append("a=fmtp:").append(c.pt()).append(" 0-15\r\n"); // the DTMF events (RFC 4733 §7)
      }
    }
  }
}
