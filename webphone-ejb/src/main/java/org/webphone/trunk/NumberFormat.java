package org.webphone.trunk;

/**
 * How a trunk wants numbers written in the requests we send it, and how it writes them in the
 * requests it sends us. Carriers differ: most take E.164, some the digits without the plus, some
 * the way a phone in their country dials.
 */
public enum NumberFormat {
  /** {@code +493012345678}. */
  E164,
  /** {@code 493012345678}: E.164 without the plus. */
  DIGITS,
  /**
   * As dialled in the trunk's region: {@code 03012345678} at home, {@code 0043...} abroad (the
   * region's international prefix, from libphonenumber's tables).
   */
  NATIONAL
}
