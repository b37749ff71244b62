package org.webphone.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.sdp.WebRtcSdpTest;

/**
 * One offer, read once however many legs it goes to: the check before ringing and each fork share
 * one value, and what it knows of the cut-down offer is what reading that offer would give.
 */
class SdpTest {
  private static final String G722_AND_OPUS =
      WebRtcSdpTest.CHROMIUM_OFFER
          .replace("111 0 8 126", "9 111 0 8 126")
          .replace(
              "a=rtpmap:111", "a=rtpmap:9 G722/8000\r\na=rtcp-fb:9 transport-cc\r\na=rtpmap:111");

  @Test
  void aBodyFromTheWireLeavesAsItCameWhenNobodyReadsIt() {
    byte[] body = "v=0\r\nm=audio 4000 RTP/AVP 0\r\n".getBytes(UTF_8);
    Sdp sdp = Sdp.of(body);
    assertSame(body, sdp.bytes(), "SDP between SIP phones is neither copied nor decoded");
    assertNull(Sdp.of(new byte[0]), "an empty body is no SDP");
    assertNull(Sdp.of((byte[]) null));
  }

  @Test
  void theOfferCutDownToOurCodecsIsMadeOnceAndKnowsItsAudioWithoutReadingItAgain()
      throws Exception {
    Sdp offer = Sdp.of(G722_AND_OPUS);
    offer.checkWebRtcOffer(); // the check before anything rings

    Sdp relayable = offer.relayable();
    assertSame(relayable, offer.relayable(), "every fork gets the same cut-down offer");
    assertFalse(relayable.text().contains("G722"));
    assertFalse(relayable.text().contains("a=rtcp-fb:9"));
    assertEquals(
        AudioSdp.parse(relayable.text()),
        relayable.audio(),
        "what it knows is what reading its text would give");
    assertEquals(
        List.of(111, 0, 8, 126), relayable.audio().codecs().stream().map(c -> c.pt()).toList());
    assertSame(offer.webRtc(), offer.webRtc(), "the browser's transport is read once");
  }

  @Test
  void anOfferWithNothingWeRelayIsRefusedAtTheCheckSayingWhy() {
    Sdp g722 =
        Sdp.of(
            WebRtcSdpTest.CHROMIUM_OFFER
                .replace("111 0 8 126", "9")
                .replace("a=rtpmap:111", "a=rtpmap:9 G722/8000\r\na=rtpmap:111"));
    NotAcceptableException e = assertThrows(NotAcceptableException.class, g722::checkWebRtcOffer);
    assertTrue(e.getMessage().contains("No common codec"), e.getMessage());

    Sdp plain = Sdp.of("v=0\r\nm=audio 4000 RTP/AVP 0\r\n");
    assertFalse(plain.isWebRtc());
    e = assertThrows(NotAcceptableException.class, plain::checkWebRtcOffer);
    assertTrue(e.getMessage().startsWith("Not a WebRTC session"), e.getMessage());
  }
}
