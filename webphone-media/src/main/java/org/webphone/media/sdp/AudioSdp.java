package org.webphone.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.webphone.media.NotAcceptableException;

/**
 * What the anchor needs of any peer's first audio section (RFC 8866, RFC 3264), a browser's or a
 * SIP phone's: where its RTP and RTCP go, its codecs with the payload type numbers it wants to
 * receive, its direction, and its SDES keys (RFC 4568). Session-level c= and direction apply where
 * the section has none.
 *
 * <p>Threading: immutable.
 *
 * @param address c= of the section (or the session); "0.0.0.0" is the old way to hold (RFC 3264
 *     §8.4 allows it; we take it as "send nothing")
 * @param port the m= port; 0: the stream is rejected
 * @param rtcpPort where RTCP goes when not muxed: a=rtcp (RFC 3605), else port + 1
 * @param rtcpMux a=rtcp-mux (RFC 5761)
 * @param direction sendrecv, sendonly, recvonly or inactive
 * @param mid a=mid (RFC 5888), or null
 * @param bundle the session's a=group:BUNDLE line was there
 * @param crypto a=crypto values (RFC 4568 §9.1), in the peer's order
 */
public record AudioSdp(
    String proto,
    String address,
    int port,
    int rtcpPort,
    boolean rtcpMux,
    List<Codec> codecs,
    String direction,
    String mid,
    boolean bundle,
    Integer ptime,
    List<String> crypto) {

  /**
   * One payload type as the peer numbered it.
   *
   * @param name lower case, as the registry spells it ("pcmu", "opus", "telephone-event")
   * @param fmtp its a=fmtp parameters, or null
   */
  public record Codec(int pt, String name, int clock, int channels, String fmtp) {
    /** The same codec: name and clock rate (the numbers are each side's own). */
    boolean same(Codec other) {
      return name.equals(other.name) && clock == other.clock;
    }

    public boolean voice() {
      return !"telephone-event".equals(name);
    }

    String rtpmap() {
      String upper =
          name.equals("opus") || name.equals("telephone-event")
              ? name
              : name.toUpperCase(Locale.ROOT);
      return pt + " " + upper + "/" + clock + (channels > 1 ? "/" + channels : "");
    }
  }

  private static final Map<Integer, Codec> STATIC =
      Map.of(0, new Codec(0, "pcmu", 8000, 1, null), 8, new Codec(8, "pcma", 8000, 1, null));

  /** The codec the peer numbered {@code pt}, or null. */
  public Codec codec(int pt) {
    for (Codec c : codecs) {
      if (c.pt() == pt) {
        return c;
      }
    }
    return null;
  }

  /** The peer's number for {@code codec}, or -1 when it has none. */
  public int ptOf(Codec codec) {
    for (Codec c : codecs) {
      if (c.same(codec)) {
        return c.pt();
      }
    }
    return -1;
  }

  /** The same section offering only {@code kept} (a subset of its codecs, in its order). */
  AudioSdp withCodecs(List<Codec> kept) {
    return new AudioSdp(
        proto, address, port, rtcpPort, rtcpMux, kept, direction, mid, bundle, ptime, crypto);
  }

  public boolean secure() {
    return proto.contains("SAVP");
  }

  /**
   * Reads the first audio section.
   *
   * @throws NotAcceptableException when there is none, or its m= line is malformed
   */
  public static AudioSdp parse(String sdp) throws NotAcceptableException {
    String sessionAddress = null;
    String sessionDirection = null;
    boolean bundle = false;
    String[] m = null;
    String address = null;
    String direction = null;
    String mid = null;
    Integer rtcpPort = null;
    boolean mux = false;
    Integer ptime = null;
    Map<Integer, String> rtpmap = new HashMap<>();
    Map<Integer, String> fmtp = new HashMap<>();
    List<String> crypto = new ArrayList<>();
    boolean inAudio = false;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        if (m != null) {
          break;
        }
        inAudio = line.startsWith("m=audio ");
        if (inAudio) {
          m = line.substring(2).trim().split("\\s+");
        }
        continue;
      }
      if (m == null && !inAudio) {
        if (line.startsWith("c=")) {
          sessionAddress = connection(line);
        } else if (isDirection(line)) {
          sessionDirection = line.substring(2);
        } else if (line.startsWith("a=group:BUNDLE")) {
          bundle = true;
        }
        continue;
      }
      if (!inAudio) {
        continue;
      }
      if (line.startsWith("c=")) {
        address = connection(line);
      } else if (isDirection(line)) {
        direction = line.substring(2);
      } else if (line.startsWith("a=mid:")) {
        mid = line.substring(6).trim();
      } else if (line.equals("a=rtcp-mux")) {
        mux = true;
      } else if (line.startsWith("a=rtcp:")) {
        rtcpPort = number(line.substring(7).trim().split("\\s+")[0]);
      } else if (line.startsWith("a=ptime:")) {
        ptime = number(line.substring(8).trim());
      } else if (line.startsWith("a=rtpmap:")) {
        String[] f = line.substring(9).trim().split("\\s+", 2);
        Integer pt = number(f[0]);
        if (pt != null && f.length == 2) {
          rtpmap.put(pt, f[1].trim());
        }
      } else if (line.startsWith("a=fmtp:")) {
        String[] f = line.substring(7).trim().split("\\s+", 2);
        Integer pt = number(f[0]);
        if (pt != null && f.length == 2) {
          fmtp.put(pt, f[1].trim());
        }
      } else if (line.startsWith("a=crypto:")) {
        crypto.add(line.substring(9).trim());
      }
    }
    if (m == null) {
      throw new NotAcceptableException("No audio stream offered");
    }
    if (m.length < 3) {
      throw new NotAcceptableException("Malformed m=audio line");
    }
    Integer port = number(m[1].split("/")[0]);
    if (port == null || port < 0 || port > 65535) {
      throw new NotAcceptableException("Malformed m=audio port: " + m[1]);
    }
    List<Codec> codecs = new ArrayList<>();
    for (int i = 3; i < m.length; i++) {
      Integer pt = number(m[i]);
      if (pt == null || pt > 127) {
        continue;
      }
      Codec c = codec(pt, rtpmap.get(pt), fmtp.get(pt));
      if (c != null) {
        codecs.add(c);
      }
    }
    String where = address != null ? address : sessionAddress;
    String dir = direction != null ? direction : sessionDirection != null ? sessionDirection : null;
    return new AudioSdp(
        m[2],
        where == null ? "0.0.0.0" : where,
        port,
        rtcpPort != null ? rtcpPort : port + 1,
        mux,
        List.copyOf(codecs),
        dir == null ? "sendrecv" : dir,
        mid,
        bundle,
        ptime,
        List.copyOf(crypto));
  }

  private static Codec codec(int pt, String map, String fmtp) {
    if (map == null) {
      Codec known = STATIC.get(pt); // RFC 3551 static types may come without an rtpmap
      return known;
    }
    String[] f = map.split("/");
    Integer clock = f.length > 1 ? number(f[1]) : null;
    if (clock == null) {
      return null;
    }
    Integer channels = f.length > 2 ? number(f[2]) : Integer.valueOf(1);
    return new Codec(
        pt, f[0].toLowerCase(Locale.ROOT), clock, channels == null ? 1 : channels, fmtp);
  }

  private static boolean isDirection(String line) {
    return line.equals("a=sendrecv")
        || line.equals("a=sendonly")
        || line.equals("a=recvonly")
        || line.equals("a=inactive");
  }

  /** {@code c=IN IP4 203.0.113.1} (a multicast TTL suffix is dropped). */
  private static String connection(String line) {
    String[] f = line.substring(2).trim().split("\\s+");
    return f.length >= 3 ? f[2].split("/")[0] : null;
  }

  private static Integer number(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
