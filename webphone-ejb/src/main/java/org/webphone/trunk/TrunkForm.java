package org.webphone.trunk;

/**
 * What the trunk screen sends to save a trunk.
 *
 * @param id null for a new trunk
 * @param customerId null for a global trunk
 * @param password null or blank keeps the stored one; {@link #CLEAR_PASSWORD} removes it
 */
public record TrunkForm(
    Long id,
    String name,
    Long customerId,
    String host,
    int port,
    Transport transport,
    String username,
    String password,
    String prefixes,
    NumberFormat numberFormat,
    String region,
    String techPrefix,
    int priority,
    String inboundAddresses,
    boolean enabled) {
  /** A password value that removes the stored password. */
  public static final String CLEAR_PASSWORD = "\u0000clear";
}
