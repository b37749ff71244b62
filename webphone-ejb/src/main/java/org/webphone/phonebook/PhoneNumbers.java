package org.webphone.phonebook;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads what an admin or a phone user typed as a phone number: an E.164 number (read with the
 * customer's default region when it is written nationally), an internal extension, or a refusal
 * that says why. Google's libphonenumber holds the numbering plans and short-number tables.
 *
 * <p>An extension is 2 to 6 digits not starting with 0. Such digits that are also a short number of
 * the region (112, 911, 116 000...) are ambiguous and refused: a contact must not silently dial an
 * emergency service, nor an extension where the service was meant.
 *
 * <p>Threading: stateless; libphonenumber's utilities are thread-safe.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
  private static final ShortNumberInfo SHORT_NUMBERS = ShortNumberInfo.getInstance();
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/]");
  private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");
  private static final Pattern EXTENSION = Pattern.compile("[1-9][0-9]{1,5}");

  private PhoneNumbers() {}

  /** What a typed number is. */
  public sealed interface Reading {}

  /** A dialable number in E.164 form, e.g. {@code +493012345678}. */
  public record E164(String number) implements Reading {}

  /** An internal extension of the customer, e.g. {@code 1001}. */
  public record Extension(String digits) implements Reading {}

  /** Not accepted; {@code reason} is shown to the user next to the field. */
  public record Refused(String reason) implements Reading {}

  /**
   * @param typed what the user typed
   * @param region the customer's default region (ISO 3166-1 alpha-2, e.g. {@code DE}), or null when
   *     it has none: then only international numbers and extensions are read
   */
  public static Reading read(String typed, String region) {
    if (typed == null || typed.isBlank()) {
      return new Refused("a number is required");
    }
    String digits = SEPARATORS.matcher(typed.trim()).replaceAll("");
    if (!DIGITS.matcher(digits).matches()) {
      return new Refused("only digits, spaces, - . ( ) / and a leading + are allowed");
    }
    String country = region == null ? null : region.toUpperCase(Locale.ROOT);
    if (country != null && !NUMBERS.getSupportedRegions().contains(country)) {
      return new Refused("unknown region " + region);
    }
    if (EXTENSION.matcher(digits).matches()) {
      if (country != null && isShortNumber(digits, country)) {
        return new Refused(
            digits + " is ambiguous: a short number in " + country + " as well as an extension");
      }
      return new Extension(digits);
    }
    if (!digits.startsWith("+") && !digits.startsWith("00") && country == null) {
      return new Refused("a national number needs the customer's region; write it with +");
    }
    try {
      PhoneNumber number = NUMBERS.parse(digits, country == null ? "ZZ" : country);
      if (!NUMBERS.isValidNumber(number)) {
        return new Refused(
            digits.startsWith("+") || country == null
                ? "not a valid international number"
                : "not a valid number for " + country);
      }
      return new E164(NUMBERS.format(number, PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return new Refused("not a phone number: " + e.getErrorType().name().toLowerCase(Locale.ROOT));
    }
  }

  private static boolean isShortNumber(String digits, String country) {
    try {
      return SHORT_NUMBERS.isValidShortNumberForRegion(NUMBERS.parse(digits, country), country);
    } catch (NumberParseException e) {
      return false;
    }
  }
}
