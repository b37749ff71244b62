package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.List;
import org.webphone.account.AccountService;
import org.webphone.account.SipAccount;
import org.webphone.account.TenantGuard;

/** The customer portal's own SIP accounts: always the signed-in customer's, never another's. */
@Named
@RequestScoped
public class PortalAccounts {
  @EJB AccountService accounts;

  @EJB TenantGuard guard;

  private List<SipAccount> list;

  public List<SipAccount> getList() {
    if (list == null) {
      list = guard.callerCustomer().map(accounts::accounts).orElse(List.of());
    }
    return list;
  }
}
