package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.dtls.DtlsIdentity;
import org.webphone.media.sdp.WebRtcSdp;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.LegSocket;

/**
 * A browser as the anchor meets it: SDP as Chrome writes it (Opus, RED, G722, PCMU, PCMA,
 * telephone-event; BUNDLE, rtcp-mux, an SSRC), full ICE from a loopback socket of its own, the DTLS
 * client role a browser takes when the other side is passive, and SRTP on the keys.
 */
final class FakeBrowser implements AutoCloseable, Listener {
  private final DtlsIdentity identity = DtlsIdentity.generate(Duration.ofDays(30));
  private final ExecutorService pool;
  private final int ssrc;
  private IceLeg ice;
  private LegSocket socket;
  private int version = 1;
  private WebRtcSdp.Remote anchor;
  private SrtpSession srtp;
  private int seq;
  final BlockingQueue<SrtpSession.Packet> inbox = new LinkedBlockingQueue<>();

  FakeBrowser(int ssrc, ExecutorService pool) throws Exception {
    this.ssrc = ssrc;
    this.pool = pool;
    newAgent();
  }

  private void newAgent() throws Exception {
    IceLeg old = ice;
    // The anchor is ICE-lite: a browser always controls.
    ice = new IceLeg(new LoopbackHarvester(), true);
    if (socket == null) {
      socket = new LegSocket(ice);
      socket.onMedia(inbox::add);
    } else {
      socket.use(ice);
    }
    IceLeg reading = ice;
    pool.submit(() -> BrowserLeg.readInto(reading.socket(), socket));
    if (old != null) {
      old.close();
    }
  }

  /** An offer (actpass), or after an ICE restart one with fresh credentials. */
  String offer(String direction) {
    return sdp("actpass", direction, true);
  }

  /**
   * The answer to the anchor's offer, as Chrome gives it (active: the DTLS client): Opus when
   * offered, else PCMU, and the offer's telephone-event/8000.
   */
  String answer(String offer, String direction) {
    anchor = WebRtcSdp.read(offer);
    String m = offer.lines().filter(l -> l.startsWith("m=audio ")).findFirst().orElseThrow();
    if (m.matches(".* 111( .*|$)")) {
      answerCodecs = "111 126";
      answerMaps =
          "a=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;useinbandfec=1\n"
              + "a=rtpmap:126 telephone-event/8000\n";
    } else {
      String events =
          offer
              .lines()
              .filter(l -> l.matches("a=rtpmap:\\d+ telephone-event/8000"))
              .map(l -> l.substring(9, l.indexOf(' ')))
              .findFirst()
              .orElseThrow();
      answerCodecs = "0 " + events;
      answerMaps = "a=rtpmap:0 PCMU/8000\na=rtpmap:" + events + " telephone-event/8000\n";
    }
    return sdp("active", direction, false);
  }

  private String answerCodecs;
  private String answerMaps;

  /** The anchor's answer to our offer. */
  void answered(String answer) {
    anchor = WebRtcSdp.read(answer);
  }

  /** Restarts ICE (RFC 8445 §9): the next offer carries new credentials. */
  void restartIce() throws Exception {
    newAgent();
  }

  /** ICE towards the anchor's candidate, then, the first time, DTLS as the client. */
  Future<?> connect() {
    return pool.submit(
        () -> {
          ice.remote(anchor.ufrag(), anchor.password(), anchor.candidates());
          assertTrue(ice.connect(Duration.ofSeconds(10)), "ICE to the anchor");
          if (srtp == null) {
            srtp =
                new SrtpSession(DtlsClient.connect(identity, anchor.fingerprint(), socket.dtls()));
          }
          return null;
        });
  }

  /** Speaks one Opus packet (111, what two browsers agree on); returns its clear bytes. */
  byte[] speak() throws Exception {
    return speak(111);
  }

  /** Speaks one RTP packet of payload type {@code pt}; returns its clear bytes. */
  byte[] speak(int pt) throws Exception {
    byte[] rtp = BrowserLeg.rtp(ssrc, ++seq);
    rtp[1] = (byte) pt;
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(rtp, rtp.length);
    assertTrue(srtp.protect(p));
    socket.send(p.getBuffer(), p.getOffset(), p.getLength());
    return rtp;
  }

  /** Sends an RTCP compound packet (its clear bytes) over SRTCP. */
  void sendRtcp(byte[] clear) throws Exception {
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(clear, clear.length);
    assertTrue(srtp.protect(p));
    socket.send(p.getBuffer(), p.getOffset(), p.getLength());
  }

  @Override
  public byte[] hear(Duration wait) throws Exception {
    SrtpSession.Packet p = inbox.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return p != null && srtp.unprotect(p) ? p.bytes() : null;
  }

  private String sdp(String setup, String direction, boolean offer) {
    IceLeg.Candidate c = ice.candidates().get(0);
    String codecs =
        offer
            ? """
            m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 126
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            """
            : "m=audio 9 UDP/TLS/RTP/SAVPF " + answerCodecs + "\nc=IN IP4 0.0.0.0\n";
    String maps =
        offer
            ? """
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:63 red/48000/2
            a=fmtp:63 111/111
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:13 CN/8000
            a=rtpmap:126 telephone-event/8000
            """
            : answerMaps;
    return ("v=0\n"
            + "o=- 4611731400430051336 "
            + version++
            + " IN IP4 127.0.0.1\n"
            + "s=-\nt=0 0\na=group:BUNDLE 0\na=msid-semantic: WMS\n"
            + codecs
            + "a=ice-ufrag:"
            + ice.ufrag()
            + "\na=ice-pwd:"
            + ice.password()
            + "\na=ice-options:trickle\n"
            + "a=fingerprint:sha-256 "
            + identity.fingerprint()
            + "\na=setup:"
            + setup
            + "\na=mid:0\na="
            + direction
            + "\na=rtcp-mux\n"
            + maps
            + "a=ssrc:"
            + ssrc
            + " cname:fake\n"
            + "a=candidate:1 1 udp 2130706431 "
            + c.address()
            + " "
            + c.port()
            + " typ host\n")
        .replace("\n", "\r\n");
  }

  @Override
  public void close() {
    ice.close();
    if (srtp != null) {
      srtp.close();
    }
  }
}
