package org.webphone.phonebook;

/**
 * A customer's phonebook changed. Fired as a CDI event inside the changing transaction; observe it
 * with {@code during = TransactionPhase.AFTER_SUCCESS} to act only on changes that were committed.
 */
public record PhonebookChanged(long customerId) {}
