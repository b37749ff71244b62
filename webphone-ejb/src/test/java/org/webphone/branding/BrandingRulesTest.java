package org.webphone.branding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Setup → Branding may save: each refusal names its field and says why. */
class BrandingRulesTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0};

  private static Branding branding() {
    return Branding.defaults("Acme Phone", "#aa0033");
  }

  private static byte[] svg(String body) {
    return ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">" + body + "</svg>")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aNameColoursAPngLogoAnSvgFaviconAndAStyleSheetAreTaken() {
    Branding b = branding();
    b.setLogo(PNG, null);
    b.setFavicon(svg("<rect width=\"10\" height=\"10\" fill=\"#f00\"/>"), null);
    b.setCustomCss(".card { border-radius: 0 }");
    assertEquals(Map.of(), BrandingRules.problems(b));
    assertEquals("image/png", BrandingRules.imageType(PNG));
    assertEquals("image/svg+xml", BrandingRules.imageType(b.getFavicon()));
  }

  @Test
  void eachWrongFieldIsNamed() {
    Branding b = Branding.defaults(" ", "blue");
    b.setBackground("#fff");
    b.setLogo("GIF89a-not-taken".getBytes(StandardCharsets.US_ASCII), null);
    b.setFavicon(new byte[BrandingRules.MAX_IMAGE_BYTES + 1], null);
    b.setCustomCss("@import url(https://cdn.example.com/x.css);");
    Map<String, String> wrong = BrandingRules.problems(b);
    assertEquals("a product name is needed", wrong.get("productName"));
    assertEquals("a colour as #rrggbb", wrong.get("accentColor"));
    assertEquals("a colour as #rrggbb", wrong.get("background"));
    assertEquals("not a PNG, JPEG, WebP, ICO or SVG image", wrong.get("logo"));
    assertEquals("at most 256 KB", wrong.get("favicon"));
    assertTrue(wrong.get("customCss").startsWith("@import is not allowed"), wrong.get("customCss"));
  }

  @Test
  void anSvgThatCouldRunScriptOrFetchFromElsewhereIsRefused() {
    for (String active :
        new String[] {
          "<script>alert(1)</script>",
          "<rect onload=\"alert(1)\"/>",
          "<a href=\"javascript:alert(1)\"><rect/></a>",
          "<image href=\"https://tracker.example/x.png\"/>",
          "<foreignObject><div/></foreignObject>",
          "<style>rect { fill: url(https://x.example/p.svg#a) }</style>"
        }) {
      Branding b = branding();
      b.setLogo(svg(active), null);
      assertEquals(
          "an SVG with scripts or outside references is not allowed",
          BrandingRules.problems(b).get("logo"),
          active);
    }
    Branding local = branding();
    local.setLogo(svg("<use href=\"#a\"/><rect id=\"a\" fill=\"url(#g)\"/>"), null);
    assertNull(BrandingRules.problems(local).get("logo"), "references inside the image are fine");
  }
}
