package org.webphone.branding;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a branding may hold, checked before anything is stored; each refusal names its field. An
 * image must be what its bytes say (PNG, JPEG, WebP, ICO or SVG, by their signatures, not by the
 * name or type the browser sent) and at most 256 KB; an SVG may carry no script, event handler or
 * outside reference (it is served from our origin, where a script in it would run).
 */
public final class BrandingRules {
  public static final int MAX_IMAGE_BYTES = 256 * 1024;
  public static final int MAX_CSS_CHARS = 20_000;
  static final int MAX_NAME = 60;

  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final Pattern SVG_ACTIVE =
      Pattern.compile(
          "<script|\\son[a-z]+\\s*=|javascript:|<foreignObject|<iframe|<embed|<object"
              + "|(?:xlink:)?href\\s*=\\s*[\"']\\s*(?!#)|@import|url\\(\\s*['\"]?\\s*(?!#)",
          Pattern.CASE_INSENSITIVE);
  private static final Set<String> CSS_FORBIDDEN = Set.of("@import", "</style", "expression(");

  private BrandingRules() {}

  /** The fields of {@code b} that are wrong, with why; empty when it may be saved. */
  public static Map<String, String> problems(Branding b) {
    Map<String, String> wrong = new LinkedHashMap<>();
    String name = b.getProductName() == null ? "" : b.getProductName().trim();
    if (name.isEmpty()) {
      wrong.put("productName", "a product name is needed");
    } else if (name.length() > MAX_NAME) {
      wrong.put("productName", "at most " + MAX_NAME + " characters");
    }
    color(wrong, "accentColor", b.getAccentColor());
    color(wrong, "background", b.getBackground());
    image(wrong, "logo", b.getLogo());
    image(wrong, "favicon", b.getFavicon());
    String css = b.getCustomCss();
    if (css != null) {
      if (css.length() > MAX_CSS_CHARS) {
        wrong.put("customCss", "at most " + MAX_CSS_CHARS + " characters");
      } else {
        String lower = css.toLowerCase(Locale.ROOT);
        for (String f : CSS_FORBIDDEN) {
          if (lower.contains(f)) {
            wrong.put("customCss", f + " is not allowed (the phone loads nothing from elsewhere)");
          }
        }
      }
    }
    return wrong;
  }

  /** The media type of an image by its first bytes, or null when it is none we take. */
  public static String imageType(byte[] bytes) {
    if (bytes == null || bytes.length < 4) {
      return null;
    }
    if (starts(bytes, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(bytes, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (bytes.length >= 12
        && starts(bytes, 'R', 'I', 'F', 'F')
        && bytes[8] == 'W'
        && bytes[9] == 'E'
        && bytes[10] == 'B'
        && bytes[11] == 'P') {
      return "image/webp";
    }
    if (starts(bytes, 0, 0, 1, 0)) {
      return "image/x-icon";
    }
    String head =
        new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    if (head.startsWith("<svg") || head.startsWith("<?xml") && head.contains("<svg")) {
      return "image/svg+xml";
    }
    return null;
  }

  private static void color(Map<String, String> wrong, String field, String value) {
    if (value == null || !COLOR.matcher(value).matches()) {
      wrong.put(field, "a colour as #rrggbb");
    }
  }

  private static void image(Map<String, String> wrong, String field, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    if (bytes.length > MAX_IMAGE_BYTES) {
      wrong.put(field, "at most 256 KB");
      return;
    }
    String type = imageType(bytes);
    if (type == null) {
      wrong.put(field, "not a PNG, JPEG, WebP, ICO or SVG image");
    } else if (type.equals("image/svg+xml")
        && SVG_ACTIVE.matcher(new String(bytes, StandardCharsets.UTF_8)).find()) {
      wrong.put(field, "an SVG with scripts or outside references is not allowed");
    }
  }

  private static boolean starts(byte[] bytes, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
