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
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.Transport;
import org.webphone.trunk.Trunk;
import org.webphone.trunk.TrunkForm;
import org.webphone.trunk.TrunkService;

/**
 * Management → Trunks: the gateways to the phone network, global or a customer's own, with the
 * prefixes they carry, how they want numbers written, their credentials (write-only: a stored
 * password is never sent back to the browser) and the addresses their calls come from.
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

  private Long id;
  private String name;
  private Long customerId;
  private String host;
  private int port = 5060;
  private Transport transport = Transport.UDP;
  private String username;
  private String password;
  private boolean clearPassword;
  private boolean passwordStored;
  private String prefixes;
  private NumberFormat numberFormat = NumberFormat.E164;
  private String region;
  private String techPrefix;
  private int priority;
  private String inboundAddresses;
  private boolean enabled = true;

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
    id = null;
    name = null;
    customerId = null;
    host = null;
    port = 5060;
    transport = Transport.UDP;
    username = null;
    password = null;
    clearPassword = false;
    passwordStored = false;
    prefixes = null;
    numberFormat = NumberFormat.E164;
    region = null;
    techPrefix = null;
    priority = 0;
    inboundAddresses = null;
    enabled = true;
  }

  public void edit(Trunk t) {
    id = t.getId();
    name = t.getName();
    customerId = t.getCustomer() == null ? null : t.getCustomer().getId();
    host = t.getHost();
    port = t.getPort();
    transport = t.getTransport();
    username = t.getUsername();
    password = null;
    clearPassword = false;
    passwordStored = t.hasPassword();
    prefixes = t.getPrefixes();
    numberFormat = t.getNumberFormat();
    region = t.getRegion();
    techPrefix = t.getTechPrefix();
    priority = t.getPriority();
    inboundAddresses = t.getInboundAddresses();
    enabled = t.isEnabled();
  }

  public void save() {
    try {
      trunks.saveTrunk(
          new TrunkForm(
              id,
              name,
              customerId,
              host,
              port,
              transport,
              username,
              clearPassword ? TrunkForm.CLEAR_PASSWORD : password,
              prefixes,
              numberFormat,
              region,
              techPrefix,
              priority,
              inboundAddresses,
              enabled));
      FormErrors.info(faces, "Trunk " + name + " saved.");
      password = null;
    } catch (InvalidFieldsException e) {
      password = null; // never rendered back
      FormErrors.show(faces, "trunk", e, Map.of("customer", "owner"));
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  public void delete(Trunk t) {
    trunks.deleteTrunk(t.getId());
    FormErrors.info(faces, "Trunk " + t.getName() + " deleted.");
  }

  public Transport[] getTransports() {
    return Transport.values();
  }

  public NumberFormat[] getNumberFormats() {
    return NumberFormat.values();
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Long getCustomerId() {
    return customerId;
  }

  public void setCustomerId(Long customerId) {
    this.customerId = customerId;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public Transport getTransport() {
    return transport;
  }

  public void setTransport(Transport transport) {
    this.transport = transport;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
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
    return passwordStored;
  }

  public String getPrefixes() {
    return prefixes;
  }

  public void setPrefixes(String prefixes) {
    this.prefixes = prefixes;
  }

  public NumberFormat getNumberFormat() {
    return numberFormat;
  }

  public void setNumberFormat(NumberFormat numberFormat) {
    this.numberFormat = numberFormat;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getTechPrefix() {
    return techPrefix;
  }

  public void setTechPrefix(String techPrefix) {
    this.techPrefix = techPrefix;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public String getInboundAddresses() {
    return inboundAddresses;
  }

  public void setInboundAddresses(String inboundAddresses) {
    this.inboundAddresses = inboundAddresses;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
