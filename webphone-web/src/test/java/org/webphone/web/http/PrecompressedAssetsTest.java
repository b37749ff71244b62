package org.webphone.web.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which Accept-Encoding headers let the app's script go compressed (RFC 9110 §12.5.3). */
class PrecompressedAssetsTest {
  @Test
  void browsersAskingForBrotliAndGzipGetEither() {
    String chrome = "gzip, deflate, br, zstd";
    assertTrue(PrecompressedAssets.accepts(chrome, "br"));
    assertTrue(PrecompressedAssets.accepts(chrome, "gzip"));
    assertTrue(PrecompressedAssets.accepts("GZIP;q=0.5", "gzip"));
    assertTrue(PrecompressedAssets.accepts("*", "br"));
  }

  @Test
  void aCodingRefusedOrNotNamedIsNotSent() {
    assertFalse(PrecompressedAssets.accepts(null, "gzip"));
    assertFalse(PrecompressedAssets.accepts("identity", "gzip"));
    assertFalse(PrecompressedAssets.accepts("gzip, deflate", "br"));
    assertFalse(PrecompressedAssets.accepts("br;q=0, gzip", "br"));
    assertFalse(PrecompressedAssets.accepts("gzip;q=0.000", "gzip"));
    assertFalse(PrecompressedAssets.accepts("brx, xgzip", "gzip"));
  }
}
