package org.webphone.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The o= line of SDP we send again changed (RFC 3264 §8: its version rises by one). */
class OriginTest {
  @Test
  void ourOwnSdpIsStampedAgainWithTheNextVersion() {
    PhoneSdp.Origin origin = new PhoneSdp.Origin();
    String first = origin.stamp("127.0.0.1", "s=-\r\nt=0 0\r\na=sendonly\r\n");
    String resumed = origin.restamp(first.replace("a=sendonly", "a=sendrecv"));
    assertEquals(version(first) + 1, version(resumed));
    assertTrue(resumed.endsWith("a=sendrecv\r\n"));
    // What we write next for this leg keeps rising from there.
    String next = origin.stamp("127.0.0.1", "s=-\r\nt=0 0\r\na=sendonly\r\n");
    assertEquals(version(resumed) + 1, version(next));
  }

  @Test
  void aBrowsersSdpPassedOnGetsItsVersionRaisedByOne() {
    String browser = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\na=sendrecv\r\n";
    String again = new PhoneSdp.Origin().restamp(browser);
    assertEquals(
        "v=0\r\no=- 4611731400430051336 3 IN IP4 127.0.0.1\r\ns=-\r\na=sendrecv\r\n", again);
  }

  private static long version(String sdp) {
    return Long.parseLong(sdp.split("\r\n")[1].split(" ")[2]);
  }
}
