package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.trunk.InboundTrust;
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.Transport;
import org.webphone.trunk.Trunk;
import org.webphone.trunk.TrunkService;

/**
 * Management → Trunks: the gateways to the phone network, global or a customer's own, with the
 * prefixes they carry, how they want numbers written, their credentials (write-only: a stored
 * password is never sent back to the browser), whether they are in our trust domain (RFC 3325), and
 * how their calls to us are recognised: by address alone, marked as unauthenticated, or by digest
 * credentials of their own. The dialog edits a draft {@link Trunk}; the service validates and saves
 * it.
 */
@Named
@ViewScoped
public class TrunksPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many customers the owner menu lists (it filters as the admin types). */
  private static final int CUSTOMER_CHOICES = 500;

  @EJB TrunkService trunks;

  @EJB AccountService accounts;

  @Inject transient FacesContext faces;

  private Trunk draft = new Trunk();
  private Long customerId;
  private String password;
  private boolean clearPassword;
  private String inboundPassword;

  public List<Trunk> getTrunks() {
    return trunks.trunks();
  }

  /** Customer name → id for the owner menu; the empty choice is "global". */
  public Map<String, Long> getCustomers() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Customer c : accounts.customers("", 0, CUSTOMER_CHOICES)) {
      m.put(c.getName(), c.getId());
    }
    return m;
  }

  public void newTrunk() {
    draft = new Trunk();
    customerId = null;
    password = null;
    clearPassword = false;
    inboundPassword = null;
  }

  public void edit(Trunk t) {
    draft = trunks.trunk(t.getId()).orElseGet(Trunk::new);
    customerId = draft.getCustomer() == null ? null : draft.getCustomer().getId();
    password = null;
    clearPassword = false;
    inboundPassword = null;
  }

  public void save() {
    try {
      Trunk saved = trunks.saveTrunk(draft, customerId, password, clearPassword, inboundPassword);
      FormErrors.info(faces, "Trunk " + saved.getName() + " saved.");
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "trunk", e, Map.of("customer", "owner"));
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    } finally {
      password = null; // never rendered back, kept no longer than the request
      inboundPassword = null;
    }
  }

  public void delete(Trunk t) {
    trunks.deleteTrunk(t.getId());
    FormErrors.info(faces, "Trunk " + t.getName() + " deleted.");
  }

  public Transport[] getTransports() {
    return Transport.values();
  }

  public InboundTrust[] getInboundTrusts() {
    return InboundTrust.values();
  }

  /**
   * What the list's Inbound column says of {@code t}: how its calls are recognised, and from where.
   */
  public String inbound(Trunk t) {
    String from = t.getInboundAddresses().isBlank() ? "any address" : t.getInboundAddresses();
    return switch (t.getInboundTrust()) {
      case NONE -> "takes no calls";
      case ADDRESS -> "address only (unauthenticated): " + t.getInboundAddresses();
      case DIGEST -> "digest as " + t.getInboundUsername() + ", from " + from;
      case CERTIFICATE -> "TLS certificate for " + t.getHost() + ", from " + from;
    };
  }

  /** The screen's name of each kind of inbound trust. */
  public String trustLabel(InboundTrust trust) {
    return switch (trust) {
      case NONE -> "No calls from this trunk";
      case ADDRESS -> "Its address alone (unauthenticated, as carriers interconnect)";
      case DIGEST -> "Digest credentials we give it (a PBX, or a carrier that registers)";
      case CERTIFICATE -> "Its TLS client certificate, naming the gateway host";
    };
  }

  public NumberFormat[] getNumberFormats() {
    return NumberFormat.values();
  }

  /** The trunk being edited (or added); the dialog's fields bind to it. */
  public Trunk getDraft() {
    return draft;
  }

  public Long getCustomerId() {
    return customerId;
  }

  public void setCustomerId(Long customerId) {
    this.customerId = customerId;
  }

  /** Always empty: the field is write-only. */
  public String getPassword() {
    return null;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isClearPassword() {
    return clearPassword;
  }

  public void setClearPassword(boolean clearPassword) {
    this.clearPassword = clearPassword;
  }

  public boolean isPasswordStored() {
    return draft.hasPassword();
  }

  /** Always empty: the field is write-only. */
  public String getInboundPassword() {
    return null;
  }

  public void setInboundPassword(String inboundPassword) {
    this.inboundPassword = inboundPassword;
  }

  public boolean isInboundPasswordStored() {
    return draft.hasInboundPassword();
  }
}
