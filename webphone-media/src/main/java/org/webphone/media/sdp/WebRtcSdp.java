package org.webphone.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.MediaAddress;

/**
 * What the anchor reads from and writes into a browser's SDP (RFC 8866), for the one audio section
 * a call has: the peer's ICE credentials and candidates (RFC 8839), its DTLS fingerprint and role
 * (RFC 8122, RFC 5763), and, going the other way, the same body with the peer's transport replaced
 * by ours. Codecs, directions, mid, BUNDLE, msid and SSRC lines pass unchanged: the relay does not
 * transcode and keeps SSRCs.
 *
 * <p>Written by hand on purpose: the SDP libraries at hand (JAIN-SIP's NIST SDP, ice4j's bridge to
 * it) would put a second SIP stack in the media module, and only a dozen attribute lines matter.
 * Unknown lines are kept as they are.
 *
 * <p>Threading: stateless.
 */
public final class WebRtcSdp {
  private WebRtcSdp() {}

  /** The transport half of a peer's SDP. */
  public record Remote(
      String ufrag,
      String password,
      List<IceLeg.Candidate> candidates,
      String fingerprint,
      String setup) {}

  /**
   * Our transport for a leg, to write into the SDP we send on it.
   *
   * @param tcpPort our passive ICE-TCP port on the first candidate's address (RFC 6544); 0: none
   */
  public record Local(
      String ufrag,
      String password,
      List<IceLeg.Candidate> candidates,
      String fingerprint,
      String setup,
      int tcpPort) {
    public Local(
        String ufrag,
        String password,
        List<IceLeg.Candidate> candidates,
        String fingerprint,
        String setup) {
      this(ufrag, password, candidates, fingerprint, setup, 0);
    }
  }

  /**
   * RFC 6544 §4.2 priority of our TCP candidate: host type preference lowered to 90 so that every
   * UDP pair is preferred, passive direction (4), component 1.
   */
  private static final long TCP_PRIORITY = (90L << 24) + ((4L << 13) << 8) + 255;

  /** A browser's SDP: ICE credentials and a DTLS fingerprint (RFC 8827 makes both mandatory). */
  public static boolean isWebRtc(String sdp) {
    return sdp.contains("a=ice-ufrag:") && sdp.contains("a=fingerprint:");
  }

  /**
   * Reads a peer's ICE and DTLS attributes; session-level ones apply where the media section has
   * none (RFC 8839 §5.4, RFC 8122 §5).
   *
   * @throws IllegalArgumentException naming what is missing, for an offer or answer we cannot
   *     anchor (no ICE credentials, no sha-256 fingerprint)
   */
  public static Remote read(String sdp) {
    String ufrag = null;
    String pwd = null;
    String fingerprint = null;
    String setup = null;
    List<IceLeg.Candidate> candidates = new ArrayList<>();
    boolean audioSeen = false;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        if (audioSeen || !line.startsWith("m=audio ")) {
          break; // the session level and the first audio section are ours to read
        }
        audioSeen = true;
      } else if (line.startsWith("a=ice-ufrag:")) {
        ufrag = line.substring(12).trim();
      } else if (line.startsWith("a=ice-pwd:")) {
        pwd = line.substring(10).trim();
      } else if (line.startsWith("a=fingerprint:")) {
        String[] f = line.substring(14).trim().split("\\s+", 2);
        if (f.length == 2 && f[0].equalsIgnoreCase("sha-256")) {
          fingerprint = f[1];
        }
      } else if (line.startsWith("a=setup:")) {
        setup = line.substring(8).trim().toLowerCase(Locale.ROOT);
      } else if (line.startsWith("a=candidate:")) {
        IceLeg.Candidate c = candidate(line.substring(12));
        if (c != null) {
          candidates.add(c);
        }
      }
    }
    if (ufrag == null || pwd == null) {
      throw new IllegalArgumentException("no ICE credentials (a=ice-ufrag, a=ice-pwd)");
    }
    if (fingerprint == null) {
      throw new IllegalArgumentException("no sha-256 DTLS fingerprint (a=fingerprint)");
    }
    return new Remote(ufrag, pwd, candidates, fingerprint, setup == null ? "actpass" : setup);
  }

  /**
   * The same SDP with our transport in place of the peer's: c= and the audio m= port name our first
   * candidate, and our ICE credentials, candidates, fingerprint and DTLS role replace the peer's
   * (its end-of-candidates too: ours are complete). The relay carries one audio stream: any other
   * media section (video, a second audio) is rejected, port 0 with only its mid (RFC 8843 §7.3.3),
   * and leaves the BUNDLE group.
   *
   * <p>The peer's SSRCs ({@code a=ssrc}, {@code a=ssrc-group}) are not passed on: the stream a
   * browser receives from the anchor is whichever leg is joined to it, and changes with a transfer.
   * A browser that was told one SSRC drops another one that arrives without a MID header extension
   * (Chromium 156 did, after an attended transfer: the transfer target never heard the transferee);
   * told none, it takes the stream of the one audio section, whatever its SSRC (RFC 8843 §9.2).
   */
  public static String anchor(String sdp, Local ours) {
    IceLeg.Candidate first = ours.candidates().get(0);
    String[] lines = sdp.split("\r?\n");
    Set<String> rejected = rejectedMids(lines);
    StringBuilder out = new StringBuilder(sdp.length() + 256);
    Section section = Section.SESSION;
    boolean anchored = false;
    for (String line : lines) {
      if (line.isEmpty() || line.equals("a=ice-lite")) {
        continue;
      }
      if (line.startsWith("m=")) {
        if (section == Section.SESSION) {
          // We only answer checks (our single-port candidate sends none), so the browser must
          // control and nominate: as a lite agent (RFC 8445 §6.1.1) we make sure it does.
          out.append("a=ice-lite\r\n");
        }
        if (section == Section.AUDIO) {
          transport(out, ours);
        }
        String[] parts = line.split(" ", 3);
        if (!anchored && line.startsWith("m=audio ")) {
          anchored = true;
          section = Section.AUDIO;
          line = parts[0] + " " + first.port() + " " + parts[2];
        } else {
          section = Section.REJECTED;
          line = parts[0] + " 0 " + parts[2];
        }
      } else if (section == Section.REJECTED && !line.startsWith("a=mid:")) {
        continue;
      } else if (line.startsWith("a=group:BUNDLE")) {
        line = bundle(line, rejected);
      } else if (line.startsWith("c=IN ")) {
        line = "c=IN IP4 " + first.address();
      } else if (isTransport(line)
          || line.startsWith("a=ssrc:")
          || line.startsWith("a=ssrc-group:")) {
        continue;
      }
      out.append(line).append("\r\n");
    }
    if (section == Section.AUDIO) {
      transport(out, ours);
    }
    return out.toString();
  }

  private enum Section {
    SESSION,
    AUDIO,
    REJECTED
  }

  /** The mids of every media section but the first audio one. */
  private static Set<String> rejectedMids(String[] lines) {
    Set<String> mids = new HashSet<>();
    boolean anchored = false;
    boolean rejected = false;
    for (String line : lines) {
      if (line.startsWith("m=")) {
        rejected = anchored || !line.startsWith("m=audio ");
        anchored |= !rejected;
      } else if (rejected && line.startsWith("a=mid:")) {
        mids.add(line.substring(6).trim());
      }
    }
    return mids;
  }

  private static String bundle(String line, Set<String> rejected) {
    StringBuilder kept = new StringBuilder("a=group:BUNDLE");
    for (String mid : line.substring("a=group:BUNDLE".length()).trim().split("\\s+")) {
      if (!mid.isEmpty() && !rejected.contains(mid)) {
        kept.append(' ').append(mid);
      }
    }
    return kept.toString();
  }

  private static boolean isTransport(String line) {
    return line.startsWith("a=ice-ufrag:")
        || line.startsWith("a=ice-pwd:")
        || line.startsWith("a=ice-options:")
        || line.startsWith("a=fingerprint:")
        || line.startsWith("a=setup:")
        || line.startsWith("a=candidate:")
        || line.equals("a=end-of-candidates")
        || line.startsWith("a=rtcp:");
  }

  static void transport(StringBuilder out, Local ours) {
    out.append("a=ice-ufrag:").append(ours.ufrag()).append("\r\n");
    out.append("a=ice-pwd:").append(ours.password()).append("\r\n");
    out.append("a=fingerprint:sha-256 ").append(ours.fingerprint()).append("\r\n");
    out.append("a=setup:").append(ours.setup()).append("\r\n");
    for (IceLeg.Candidate c : ours.candidates()) {
      out.append("a=candidate:")
          .append(c.foundation())
          .append(" 1 udp ")
          .append(c.priority())
          .append(' ')
          .append(c.address())
          .append(' ')
          .append(c.port())
          .append(" typ ")
          .append(c.type())
          .append("\r\n");
    }
    if (ours.tcpPort() > 0) {
      out.append("a=candidate:tcp1 1 tcp ")
          .append(TCP_PRIORITY)
          .append(' ')
          .append(ours.candidates().get(0).address())
          .append(' ')
          .append(ours.tcpPort())
          .append(" typ host tcptype passive\r\n");
    }
    out.append("a=end-of-candidates\r\n");
  }

  /**
   * {@code foundation component transport priority address port typ type ...} (RFC 8839 §5.1); only
   * UDP candidates of component 1 (RTP; RTCP is muxed), else null.
   */
  static IceLeg.Candidate candidate(String value) {
    String[] f = value.trim().split("\\s+");
    if (f.length < 8 || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp") || !f[6].equals("typ")) {
      return null;
    }
    // A name (a browser's mDNS "….local" host candidate, RFC 8839 §5.1 allows FQDNs) is never
    // looked up, and an address no media may go to is no candidate (MediaAddress); the browser's
    // own checks still reach us, and its peer-reflexive address is what ICE then uses.
    if (!MediaAddress.sendable(MediaAddress.literal(f[4]), null)) {
      return null;
    }
    try {
      return new IceLeg.Candidate(f[0], Long.parseLong(f[3]), f[4], Integer.parseInt(f[5]), f[7]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
