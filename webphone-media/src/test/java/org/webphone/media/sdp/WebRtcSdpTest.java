package org.webphone.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webphone.media.transport.IceLeg;

/** A Chromium offer read, and anchored: our transport in, the browser's out, media lines kept. */
public class WebRtcSdpTest {
  /** An audio-only offer as Chromium writes it (trimmed of extensions). */
  public static final String CHROMIUM_OFFER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE 0",
          "a=extmap-allow-mixed",
          "a=msid-semantic: WMS stream",
          "m=audio 50000 UDP/TLS/RTP/SAVPF 111 0 8 126",
          "c=IN IP4 192.0.2.10",
          "a=rtcp:9 IN IP4 0.0.0.0",
          "a=candidate:1467250027 1 udp 2122260223 192.0.2.10 50000 typ host generation 0",
          "a=candidate:1467250027 2 udp 2122260222 192.0.2.10 50001 typ host generation 0",
          "a=candidate:435653019 1 tcp 1845501695 192.0.2.10 9 typ host tcptype active",
          "a=ice-ufrag:Kx7B",
          "a=ice-pwd:dvl8Yq2uVxEemNL2ly2ClxGv",
          "a=ice-options:trickle",
          "a=fingerprint:sha-256 "
              + "3E:5B:0D:52:13:3D:80:11:5C:33:2D:7A:4F:C7:7B:0E:31:5D:27:CD:5B:52:9B:D3:2A:43:8E:2D:5C:11:AA:01",
          "a=setup:actpass",
          "a=mid:0",
          "a=sendrecv",
          "a=msid:stream track",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "a=fmtp:111 minptime=10;useinbandfec=1",
          "a=rtpmap:0 PCMU/8000",
          "a=rtpmap:8 PCMA/8000",
          "a=rtpmap:126 telephone-event/8000",
          "a=ssrc:1001 cname:abc",
          "");

  @Test
  void theBrowsersTransportIsRead() {
    WebRtcSdp.Remote r = WebRtcSdp.read(CHROMIUM_OFFER);
    assertEquals("Kx7B", r.ufrag());
    assertEquals("dvl8Yq2uVxEemNL2ly2ClxGv", r.password());
    assertEquals("actpass", r.setup());
    assertTrue(r.fingerprint().startsWith("3E:5B:0D"));
    // The RTP component's UDP candidate only: RTCP is muxed, TCP is not used yet.
    assertEquals(
        List.of(new IceLeg.Candidate("1467250027", 2122260223L, "192.0.2.10", 50000, "host")),
        r.candidates());
  }

  @Test
  void anAnchoredAnswerCarriesOurTransportAndTheBrowsersMedia() {
    WebRtcSdp.Local ours =
        new WebRtcSdp.Local(
            "ours",
            "our-password-0123456789",
            List.of(new IceLeg.Candidate("1", 2130706431L, "198.51.100.7", 10000, "host")),
            "AA:BB",
            "passive");

    String anchored = WebRtcSdp.anchor(CHROMIUM_OFFER, ours);

    assertTrue(anchored.contains("m=audio 10000 UDP/TLS/RTP/SAVPF 111 0 8 126\r\n"), anchored);
    assertTrue(anchored.contains("c=IN IP4 198.51.100.7\r\n"));
    assertTrue(anchored.contains("a=ice-ufrag:ours\r\n"));
    assertTrue(anchored.contains("a=fingerprint:sha-256 AA:BB\r\n"));
    assertTrue(anchored.contains("a=setup:passive\r\n"));
    assertTrue(anchored.contains("a=candidate:1 1 udp 2130706431 198.51.100.7 10000 typ host\r\n"));
    for (String browsers : List.of("192.0.2.10", "Kx7B", "3E:5B", "actpass", "trickle")) {
      assertFalse(anchored.contains(browsers), "the browser's " + browsers + " is gone");
    }
    for (String kept :
        List.of(
            "a=rtpmap:111 opus/48000/2",
            "a=rtpmap:126 telephone-event/8000",
            "a=mid:0",
            "a=group:BUNDLE 0",
            "a=rtcp-mux",
            "a=sendrecv")) {
      assertTrue(anchored.contains(kept + "\r\n"), kept);
    }
    assertFalse(anchored.contains("a=ssrc:"), "the peer's SSRCs are not promised: " + anchored);
    assertEquals(ours.ufrag(), WebRtcSdp.read(anchored).ufrag(), "readable by the other side");
  }

  @Test
  void anSdpWithoutWhatDtlsSrtpNeedsIsRefusedSayingWhat() {
    IllegalArgumentException noFingerprint =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebRtcSdp.read(CHROMIUM_OFFER.replaceAll("a=fingerprint:[^\r]*\r\n", "")));
    assertEquals("no sha-256 DTLS fingerprint (a=fingerprint)", noFingerprint.getMessage());
    IllegalArgumentException noIce =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebRtcSdp.read(CHROMIUM_OFFER.replace("a=ice-pwd:", "a=x-pwd:")));
    assertEquals("no ICE credentials (a=ice-ufrag, a=ice-pwd)", noIce.getMessage());
  }

  @Test
  void aVideoSectionIsRejectedAndLeavesTheBundle() {
    String withVideo =
        CHROMIUM_OFFER.replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1")
            + String.join(
                "\r\n",
                "m=video 50000 UDP/TLS/RTP/SAVPF 96",
                "c=IN IP4 192.0.2.10",
                "a=ice-ufrag:Kx7B",
                "a=ice-pwd:dvl8Yq2uVxEemNL2ly2ClxGv",
                "a=mid:1",
                "a=sendrecv",
                "a=rtpmap:96 VP8/90000",
                "");
    String anchored =
        WebRtcSdp.anchor(
            withVideo,
            new WebRtcSdp.Local(
                "ours",
                "ourpassword0123456789012",
                List.of(new IceLeg.Candidate("1", 2130706431L, "198.51.100.7", 20000, "host")),
                "AA:BB",
                "passive"));
    assertTrue(anchored.contains("a=group:BUNDLE 0\r\n"), anchored);
    assertTrue(anchored.endsWith("m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n"), anchored);
    assertTrue(anchored.contains("m=audio 20000 UDP/TLS/RTP/SAVPF 111 0 8 126\r\n"));
    assertEquals(1, anchored.split("a=ice-ufrag:", -1).length - 1, "our credentials, once");
    assertEquals("Kx7B", WebRtcSdp.read(withVideo).ufrag());
  }
}
