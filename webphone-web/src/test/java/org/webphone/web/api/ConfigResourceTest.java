package org.webphone.web.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The branding settings are checked when the application starts, and name themselves. */
class ConfigResourceTest {
  private static ConfigResource config(String color, String logo) {
    ConfigResource c = new ConfigResource();
    c.productName = "WebPhone";
    c.websocket = Optional.empty();
    c.brandColor = color;
    c.logoUrl = Optional.ofNullable(logo);
    return c;
  }

  @Test
  void aColourAndALogoAsDocumentedAreTaken() {
    assertDoesNotThrow(() -> config("#1D4ed8", null).check());
    assertDoesNotThrow(() -> config("#000000", "/branding/logo.svg").check());
    assertDoesNotThrow(() -> config("#ffffff", "https://cdn.example.com/logo.png").check());
  }

  @Test
  void aColourThatIsNotRrggbbOrALogoElsewhereStopsTheStartWithTheSettingsName() {
    IllegalArgumentException color =
        assertThrows(IllegalArgumentException.class, () -> config("blue", null).check());
    assertTrue(color.getMessage().contains("webphone.web.brand-color"), color.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config("#12345", null).check());
    IllegalArgumentException logo =
        assertThrows(
            IllegalArgumentException.class, () -> config("#123456", "javascript:alert(1)").check());
    assertTrue(logo.getMessage().contains("webphone.web.logo-url"), logo.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> config("#123456", "//evil.example/x.png").check());
  }
}
