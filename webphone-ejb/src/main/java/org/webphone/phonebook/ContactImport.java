package org.webphone.phonebook;

import java.util.List;

/**
 * Contacts to add in one go (a bulk import, or a seed): each with its numbers, typed as a person
 * would type them. All or nothing.
 */
public record ContactImport(List<Entry> contacts) {
  /** One contact and its numbers. */
  public record Entry(ContactDetails details, List<Number> numbers) {}

  /** One number: its name, the number as typed, and digits to dial after the answer (or null). */
  public record Number(String label, String typed, String extension) {}
}
