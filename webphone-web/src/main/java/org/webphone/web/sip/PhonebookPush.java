package org.webphone.web.sip;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.webphone.phonebook.PhonebookChanged;
import org.webphone.sip.profile.PhonebookNotifier;

/**
 * Carries committed phonebook changes from the domain to the subscribed phones. After success only:
 * a change that rolled back (a refused number) notifies nobody. Runs on the thread that committed
 * (an admin's HTTP request); sending the NOTIFYs does not wait for the phones.
 */
@ApplicationScoped
public class PhonebookPush {
  @Inject PhonebookNotifier notifier;

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PhonebookChanged change) {
    notifier.phonebookChanged(change.customerId());
  }
}
