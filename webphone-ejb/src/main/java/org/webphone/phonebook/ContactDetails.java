package org.webphone.phonebook;

/**
 * What an admin types for a contact; validated on the entity it fills.
 *
 * @param name required
 * @param company optional
 * @param email optional, must look like an address
 * @param notes optional
 */
public record ContactDetails(String name, String company, String email, String notes) {}
