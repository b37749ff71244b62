package org.webphone.media;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The audio codecs a call may use through the anchor: Opus, PCMU and PCMA for voice and RFC 4733
 * telephone-events. The relay does not transcode, so an offer passes on only these, with the
 * payload type numbers the offerer chose; the answerer picks among them and both legs then use the
 * same numbers. A browser's other codecs (G722, RED, CN, iLBC) are struck from the offer, with
 * their rtpmap, fmtp and rtcp-fb lines.
 *
 * <p>Threading: stateless.
 */
final class AudioCodecs {
  private static final Set<String> VOICE = Set.of("opus", "pcmu", "pcma");
  private static final String EVENTS = "telephone-event";
  private static final Map<String, String> STATIC = Map.of("0", "pcmu", "8", "pcma");

  private AudioCodecs() {}

  /**
   * The offer with only the codecs we relay on its audio line.
   *
   * @throws NotAcceptableException when it has no audio line or no voice codec we relay
   */
  static String only(String sdp) throws NotAcceptableException {
    List<String> lines = List.of(sdp.split("\r?\n"));
    Map<String, String> names = new HashMap<>();
    String audio = null;
    boolean inAudio = false;
    for (String line : lines) {
      if (line.startsWith("m=")) {
        inAudio = line.startsWith("m=audio ");
        if (inAudio) {
          audio = line;
        }
      } else if (inAudio && line.startsWith("a=rtpmap:")) {
        String[] f = line.substring(9).split("[ /]");
        if (f.length >= 2) {
          names.put(f[0], f[1].toLowerCase(Locale.ROOT));
        }
      }
    }
    if (audio == null) {
      throw new NotAcceptableException("No audio stream offered");
    }
    Set<String> kept = new HashSet<>();
    boolean voice = false;
    String[] m = audio.split(" ");
    for (int i = 3; i < m.length; i++) {
      // RFC 3551 static types may come without an rtpmap line.
      String name = names.getOrDefault(m[i], STATIC.get(m[i]));
      if (name != null && (VOICE.contains(name) || EVENTS.equals(name))) {
        kept.add(m[i]);
        voice |= VOICE.contains(name);
      }
    }
    if (!voice) {
      throw new NotAcceptableException("No common codec (Opus, PCMU or PCMA)");
    }
    StringBuilder out = new StringBuilder(sdp.length());
    inAudio = false;
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
    return out.toString();
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
