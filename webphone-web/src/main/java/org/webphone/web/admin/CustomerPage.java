package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.SipAccount;
import org.webphone.account.WebPhoneException;
import org.webphone.billing.BillingService;
import org.webphone.billing.Payment;
import org.webphone.web.domains.SiteNamesCache;

/**
 * Management → Customer → [Name]: the customer's details, its SIP accounts (a new account's
 * generated password is shown once) and its payments. One instance per view; the customer comes
 * from the {@code id} view parameter on every page of it.
 */
@Named
@ViewScoped
public class CustomerPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB AccountService accounts;

  @EJB BillingService billing;

  @Inject transient FacesContext faces;

  /** Our SIP domain now: new accounts are made in it, with it as their realm. */
  @Inject transient SiteNamesCache siteNames;

  private Long id;
  private String name;
  private Customer.Status status;
  private String email;
  private String region;
  private boolean emailVerified;
  private boolean template;

  private String accountUsername;
  private String accountExtension;
  private String accountDisplayName;

  /** The password of the account just created, shown once and then forgotten. */
  private String generatedPassword;

  private BigDecimal paymentAmount;
  private String paymentCurrency = "USD";
  private LocalDate paymentDate = LocalDate.now(ZoneOffset.UTC);
  private String paymentNote;

  /** Loads the customer named by the view parameter; an unknown id goes back to the list. */
  public void load() throws IOException {
    Customer c = id == null ? null : accounts.findCustomer(id).orElse(null);
    if (c == null) {
      faces
          .getExternalContext()
          .redirect(faces.getExternalContext().getRequestContextPath() + "/admin/customers.xhtml");
      return;
    }
    name = c.getName();
    status = c.getStatus();
    email = c.getEmail();
    region = c.getDefaultRegion();
    emailVerified = c.isEmailVerified();
    template = c.isTemplate();
  }

  public void save() {
    try {
      accounts.updateCustomer(id, status, email, region);
      FormErrors.info(faces, "Saved.");
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "details", e, Map.of("defaultRegion", "region"));
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  public void markEmailVerified() {
    accounts.markEmailVerified(id);
    emailVerified = true;
    FormErrors.info(faces, "The email address of " + name + " is confirmed.");
  }

  public void makeTemplate() {
    accounts.markTemplate(id);
    template = true;
    FormErrors.info(faces, name + " is now the template for new customers.");
  }

  public List<SipAccount> getAccounts() {
    return accounts.accounts(id);
  }

  public void createAccount() {
    generatedPassword = null;
    try {
      AccountService.GeneratedPassword created =
          accounts.createAccountWithGeneratedPassword(
              id,
              trim(accountUsername),
              siteNames.sipDomain(),
              trim(accountExtension),
              trim(accountDisplayName));
      generatedPassword = created.password();
      accountUsername = null;
      accountExtension = null;
      accountDisplayName = null;
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "account", e);
    } catch (WebPhoneException e) {
      FormErrors.field(faces, "account:username", e.getMessage());
    }
  }

  /** Forgets the generated password once the admin has closed the dialog that shows it. */
  public void forgetPassword() {
    generatedPassword = null;
  }

  public List<Payment> getPayments() {
    return billing.payments(id);
  }

  public Map<String, BigDecimal> getBalance() {
    return billing.balance(id);
  }

  public void addPayment() {
    try {
      billing.addPayment(id, paymentAmount, trim(paymentCurrency), paymentDate, trim(paymentNote));
      paymentAmount = null;
      paymentNote = null;
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "payment", e, Map.of("paidOn", "date"));
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  private static String trim(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  public Customer.Status[] getStatuses() {
    return Customer.Status.values();
  }

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public Customer.Status getStatus() {
    return status;
  }

  public void setStatus(Customer.Status status) {
    this.status = status;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public boolean isEmailVerified() {
    return emailVerified;
  }

  public boolean isTemplate() {
    return template;
  }

  public String getAccountUsername() {
    return accountUsername;
  }

  public void setAccountUsername(String accountUsername) {
    this.accountUsername = accountUsername;
  }

  public String getAccountExtension() {
    return accountExtension;
  }

  public void setAccountExtension(String accountExtension) {
    this.accountExtension = accountExtension;
  }

  public String getAccountDisplayName() {
    return accountDisplayName;
  }

  public void setAccountDisplayName(String accountDisplayName) {
    this.accountDisplayName = accountDisplayName;
  }

  public String getGeneratedPassword() {
    return generatedPassword;
  }

  public String getDomain() {
    return siteNames.sipDomain();
  }

  public BigDecimal getPaymentAmount() {
    return paymentAmount;
  }

  public void setPaymentAmount(BigDecimal paymentAmount) {
    this.paymentAmount = paymentAmount;
  }

  public String getPaymentCurrency() {
    return paymentCurrency;
  }

  public void setPaymentCurrency(String paymentCurrency) {
    this.paymentCurrency = paymentCurrency;
  }

  public LocalDate getPaymentDate() {
    return paymentDate;
  }

  public void setPaymentDate(LocalDate paymentDate) {
    this.paymentDate = paymentDate;
  }

  public String getPaymentNote() {
    return paymentNote;
  }

  public void setPaymentNote(String paymentNote) {
    this.paymentNote = paymentNote;
  }
}
