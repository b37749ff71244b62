package org.webphone.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.webphone.media.NotAcceptableException;

/**
 * The audio codecs a call may use through the anchor: Opus, PCMU and PCMA for voice and RFC 4733
 * telephone-events. The relay does not transcode, so an offer passes on only these, with the
 * payload type numbers the offerer chose; the answerer picks among them and both legs then use the
 * same numbers. A browser's other codecs (G722, RED, CN, iLBC) are struck from the offer, with
 * their rtpmap, fmtp and rtcp-fb lines.
 *
 * <p>Threading: stateless.
 */
public final class AudioCodecs {
  private static final Set<String> VOICE = Set.of("opus", "pcmu", "pcma");
  private static final String EVENTS = "telephone-event";

  private AudioCodecs() {}

  /** An offer cut down to the codecs we relay, and its audio section as read. */
  public record Kept(String sdp, AudioSdp audio) {}

  /**
   * The offer with only the codecs we relay on its audio line.
   *
   * @param audio {@code sdp}'s audio section, as read: it knows the offer's payload types, static
   *     ones without an rtpmap included; the result's is the same less the codecs struck
   * @throws NotAcceptableException when it has no voice codec we relay
   */
  public static Kept only(String sdp, AudioSdp audio) throws NotAcceptableException {
    Set<String> kept = new HashSet<>();
    List<AudioSdp.Codec> codecs = new ArrayList<>();
    boolean voice = false;
    for (AudioSdp.Codec c : audio.codecs()) {
      if (VOICE.contains(c.name()) || EVENTS.equals(c.name())) {
        kept.add(Integer.toString(c.pt()));
        codecs.add(c);
        voice |= c.voice();
      }
    }
    if (!voice) {
      throw new NotAcceptableException("No common codec (Opus, PCMU or PCMA)");
    }
    List<String> lines = List.of(sdp.split("\r?\n"));
    StringBuilder out = new StringBuilder(sdp.length());
    boolean inAudio = false;
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("m=")) {
        inAudio = line.startsWith("m=audio ");
        if (inAudio) {
          line = audioLine(line.split(" "), kept);
        }
      } else if (inAudio && struck(line, kept)) {
        continue;
      }
      out.append(line).append("\r\n");
    }
    return new Kept(out.toString(), audio.withCodecs(List.copyOf(codecs)));
  }

  private static String audioLine(String[] m, Set<String> kept) {
    StringBuilder line = new StringBuilder(m[0]).append(' ').append(m[1]).append(' ').append(m[2]);
    for (int i = 3; i < m.length; i++) {
      if (kept.contains(m[i])) {
        line.append(' ').append(m[i]);
      }
    }
    return line.toString();
  }

  /** An rtpmap, fmtp or rtcp-fb line of a payload type we strike. */
  private static boolean struck(String line, Set<String> kept) {
    for (String prefix : new String[] {"a=rtpmap:", "a=fmtp:", "a=rtcp-fb:"}) {
      if (line.startsWith(prefix)) {
        String pt = line.substring(prefix.length()).split(" ", 2)[0];
        return !pt.equals("*") && !kept.contains(pt);
      }
    }
    return false;
  }
}
