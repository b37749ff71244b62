package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.webphone.account.AccountService;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.SipAccount;
import org.webphone.account.WebPhoneException;
import org.webphone.trunk.Did;
import org.webphone.trunk.TrunkService;

/**
 * Management → Customer → [Name] → Class 5 → Numbers: the customer's phone numbers (DIDs) and the
 * accounts each one rings. A number is typed as the customer's users would write it (its region
 * reads national numbers) and kept in E.164. The customer comes from {@link CustomerPage}, as on
 * the customer's other pages.
 */
@Named
@ViewScoped
public class NumbersPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB TrunkService trunks;

  @EJB AccountService accounts;

  @Inject transient FacesContext faces;

  /** The customer of this view (its id, name and the redirect for an unknown one). */
  @Inject CustomerPage customer;

  /** The number being edited; null while adding one. */
  private Long didId;

  private String number;
  private List<String> usernames = new ArrayList<>();

  public List<Did> getNumbers() {
    return trunks.dids(customer.getId());
  }

  public List<String> getAccountChoices() {
    return accounts.accounts(customer.getId()).stream()
        .map(SipAccount::getUsername)
        .sorted()
        .toList();
  }

  /** The accounts a number rings, for its row. */
  public String ringing(Did d) {
    return d.getAccounts().stream()
        .map(SipAccount::getUsername)
        .sorted()
        .collect(Collectors.joining(", "));
  }

  public void newNumber() {
    didId = null;
    number = null;
    usernames = new ArrayList<>();
  }

  public void edit(Did d) {
    didId = d.getId();
    number = d.getNumber();
    usernames = new ArrayList<>(d.getAccounts().stream().map(SipAccount::getUsername).toList());
  }

  public void save() {
    try {
      if (didId == null) {
        Did d = trunks.addDid(customer.getId(), number, usernames);
        FormErrors.info(faces, d.getNumber() + " added.");
      } else {
        trunks.assign(didId, usernames);
        FormErrors.info(faces, number + " saved.");
      }
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "did", e);
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  public void delete(Did d) {
    trunks.deleteDid(d.getId());
    FormErrors.info(faces, d.getNumber() + " removed.");
  }

  public boolean isAdding() {
    return didId == null;
  }

  public String getNumber() {
    return number;
  }

  public void setNumber(String number) {
    this.number = number;
  }

  public List<String> getUsernames() {
    return usernames;
  }

  public void setUsernames(List<String> usernames) {
    this.usernames = usernames == null ? new ArrayList<>() : new ArrayList<>(usernames);
  }
}
