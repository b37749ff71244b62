package org.webphone.web.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The web side's settings are checked when the application starts, and name themselves. */
class WebConfigTest {
  private static WebConfig config(String color, String logo) {
    return config(color, logo, "https://localhost:8443");
  }

  private static WebConfig config(String color, String logo, String publicUrl) {
    return new WebConfig(
        "WebPhone", color, Optional.ofNullable(logo), Optional.empty(), publicUrl, 8443);
  }

  @Test
  void aColourAndALogoAsDocumentedAreTaken() {
    assertDoesNotThrow(() -> config("#1D4ed8", null));
    assertDoesNotThrow(() -> config("#000000", "/branding/logo.svg"));
    assertDoesNotThrow(() -> config("#ffffff", "https://cdn.example.com/logo.png"));
  }

  @Test
  void aColourThatIsNotRrggbbOrALogoElsewhereStopsTheStartWithTheSettingsName() {
    IllegalArgumentException color =
        assertThrows(IllegalArgumentException.class, () -> config("blue", null));
    assertTrue(color.getMessage().contains("webphone.web.brand-color"), color.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config("#12345", null));
    IllegalArgumentException logo =
        assertThrows(
            IllegalArgumentException.class, () -> config("#123456", "javascript:alert(1)"));
    assertTrue(logo.getMessage().contains("webphone.web.logo-url"), logo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config("#123456", "//evil.example/x.png"));
  }

  @Test
  void thePublicUrlMustBeHttpAndLosesItsTrailingSlash() {
    assertEquals(
        "https://phone.example.com",
        config("#123456", null, "https://phone.example.com//").publicUrl());
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class, () -> config("#123456", null, "phone.example.com"));
    assertTrue(url.getMessage().contains("webphone.web.public-url"), url.getMessage());
  }
}
