package org.webphone.phonebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.webphone.phonebook.PhoneNumbers.E164;
import org.webphone.phonebook.PhoneNumbers.Extension;
import org.webphone.phonebook.PhoneNumbers.Refused;

/** How typed numbers are read for a customer's phonebook (issue 5: E.164 or extension). */
class PhoneNumbersTest {

  @Test
  void aBerlinCustomersNationalNumberBecomesE164() {
    assertEquals(new E164("+493012345678"), PhoneNumbers.read("030 12345678", "DE"));
    assertEquals(new E164("+491711234567"), PhoneNumbers.read("0171/123 45 67", "de"));
  }

  @Test
  void internationalNumbersAreReadWhateverTheRegion() {
    assertEquals(new E164("+442079460958"), PhoneNumbers.read("+44 20 7946 0958", "US"));
    assertEquals(new E164("+442079460958"), PhoneNumbers.read("00 44 20 7946 0958", "DE"));
    assertEquals(new E164("+16502530000"), PhoneNumbers.read("+1 (650) 253-0000", null));
  }

  @Test
  void shortDigitsAreAnExtension() {
    assertEquals(new Extension("1001"), PhoneNumbers.read("1001", "DE"));
    assertEquals(new Extension("42"), PhoneNumbers.read("42", null));
  }

  @Test
  void anEmergencyNumberIsNeverTakenForAnExtension() {
    Refused berlin = assertInstanceOf(Refused.class, PhoneNumbers.read("112", "DE"));
    assertTrue(berlin.reason().contains("ambiguous"), berlin.reason());
    assertInstanceOf(Refused.class, PhoneNumbers.read("911", "US"));
  }

  @Test
  void numbersThatStayUnclearAreRefusedWithAReason() {
    assertEquals(new Refused("not a valid number for DE"), PhoneNumbers.read("123456789", "DE"));
    assertEquals(
        new Refused("a national number needs the customer's region; write it with +"),
        PhoneNumbers.read("030 12345678", null));
    assertEquals(
        new Refused("only digits, spaces, - . ( ) / and a leading + are allowed"),
        PhoneNumbers.read("<script>alert(1)</script>", "DE"));
    assertEquals(new Refused("a number is required"), PhoneNumbers.read("  ", "DE"));
    assertEquals(new Refused("unknown region XX"), PhoneNumbers.read("1001", "XX"));
  }
}
