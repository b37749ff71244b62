package org.webphone.media;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.webphone.media.sdp.AudioCodecs;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.sdp.WebRtcSdp;

/**
 * One SDP body (an offer or an answer) as it came, read at most once for each thing the anchor asks
 * of it: whether it is a browser's, its ICE and DTLS attributes, its first audio section, and the
 * offer cut down to the codecs we relay. The SIP side makes one per message body and hands the same
 * value to the check before ringing and to every fork, so a call forked to five phones reads its
 * offer once, not five or ten times.
 *
 * <p>SDP between two SIP phones is never read: nothing here parses until asked.
 *
 * <p>Threading: safe to share; each reading is computed at most once (under the value's lock) and
 * immutable.
 */
public final class Sdp {
  private String text;
  private byte[] body;
  private AudioSdp audio;
  private WebRtcSdp.Remote webRtc;
  private Sdp relayable;

  private Sdp(String text) {
    this.text = text;
  }

  private Sdp(String text, AudioSdp audio) {
    this.text = text;
    this.audio = audio;
  }

  /** The body as text, unread. */
  public static Sdp of(String text) {
    return new Sdp(text);
  }

  /**
   * A message body (UTF-8, RFC 8866 §5), or null for none. The array is kept as it is (not copied:
   * SDP between SIP phones leaves as it came) and must not change.
   */
  public static Sdp of(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    Sdp sdp = new Sdp(null);
    sdp.body = body;
    return sdp;
  }

  public synchronized String text() {
    if (text == null) {
      text = new String(body, UTF_8);
    }
    return text;
  }

  /** The body to send: the bytes it came in, when it came in bytes. */
  public synchronized byte[] bytes() {
    if (body == null) {
      body = text.getBytes(UTF_8);
    }
    return body;
  }

  /** A browser's SDP: ICE credentials and a DTLS fingerprint (RFC 8827 makes both mandatory). */
  public boolean isWebRtc() {
    return WebRtcSdp.isWebRtc(text());
  }

  /**
   * Checks a browser's offer as the anchor will take it, holding nothing: WebRTC transport and a
   * voice codec we relay.
   *
   * @throws NotAcceptableException naming what is wrong
   */
  public void checkWebRtcOffer() throws NotAcceptableException {
    webRtc();
    relayable();
  }

  /** Its ICE and DTLS attributes. */
  synchronized WebRtcSdp.Remote webRtc() throws NotAcceptableException {
    if (webRtc == null) {
      try {
        webRtc = WebRtcSdp.read(text());
      } catch (IllegalArgumentException e) {
        throw new NotAcceptableException("Not a WebRTC session: " + e.getMessage());
      }
    }
    return webRtc;
  }

  /** Its first audio section. */
  synchronized AudioSdp audio() throws NotAcceptableException {
    if (audio == null) {
      audio = AudioSdp.parse(text());
    }
    return audio;
  }

  /**
   * The offer with only the codecs we relay on its audio line ({@link AudioCodecs#only}); its audio
   * section is this one's, less the codecs struck, so it is not read again.
   */
  synchronized Sdp relayable() throws NotAcceptableException {
    if (relayable == null) {
      AudioCodecs.Kept kept = AudioCodecs.only(text(), audio());
      relayable = new Sdp(kept.sdp(), kept.audio());
    }
    return relayable;
  }

  @Override
  public String toString() {
    return text();
  }
}
