package org.webphone.trunk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.webphone.account.Customer;

/**
 * A SIP gateway to the phone network, as the admin configured it. Global when it has no customer.
 * The router reads it as a {@link TrunkRoute}.
 */
@Entity
@Table(name = "trunk")
public class Trunk implements Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @SequenceGenerator(name = "trunk_seq", sequenceName = "trunk_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "trunk_seq")
  private Long id;

  @NotBlank(message = "a name is required")
  @Size(max = 64, message = "at most 64 characters")
  @Column(nullable = false, unique = true, length = 64)
  private String name;

  @ManyToOne(fetch = FetchType.LAZY)
  @SuppressWarnings("serial") // an entity, loaded with the trunk; never serialized on its own
  @JoinColumn(name = "customer_id")
  private Customer customer;

  // A host name (RFC 1123) or an IPv4 address; IPv6 literals are not offered yet.
  @NotBlank(message = "a host is required")
  @Pattern(
      regexp =
          "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
      message = "a host name or IPv4 address such as sip.carrier.example")
  @Column(nullable = false, length = 253)
  private String host;

  @Min(value = 1, message = "a port from 1 to 65535")
  @Max(value = 65535, message = "a port from 1 to 65535")
  @Column(nullable = false)
  private int port = 5060;

  @NotNull
  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 8)
  private Transport transport = Transport.UDP;

  @Size(max = 64, message = "at most 64 characters")
  @Column(length = 64)
  private String username;

  /** Sealed by the key vault (Vault): TrunkService checks the clear text's length. */
  @Column(length = 512)
  private String password;

  @NotNull
  @Pattern(
      regexp = "(\\+[0-9]{1,15}( +\\+[0-9]{1,15})*)?",
      message = "E.164 prefixes such as +49 +43, separated by spaces; empty for every number")
  @Column(nullable = false, length = 500)
  private String prefixes = "";

  @NotNull
  @Enumerated(EnumType.STRING)
  @Column(name = "number_format", nullable = false, length = 16)
  private NumberFormat numberFormat = NumberFormat.E164;

  @Pattern(regexp = "[A-Z]{2}", message = "a two-letter country code such as DE")
  @Column(length = 2)
  private String region;

  @Pattern(regexp = "[0-9*#]{1,16}", message = "up to 16 digits, * or #")
  @Column(name = "tech_prefix", length = 16)
  private String techPrefix;

  @Min(value = 0, message = "0 or more; lower goes first")
  @Column(nullable = false)
  private int priority;

  @NotNull
  @Pattern(
      regexp =
          "([0-9]{1,3}(\\.[0-9]{1,3}){3}(:[0-9]{1,5})?( +[0-9]{1,3}(\\.[0-9]{1,3}){3}(:[0-9]{1,5})?)*)?",
      message = "IPv4 addresses (optionally :port) separated by spaces")
  @Column(name = "inbound_addresses", nullable = false, length = 500)
  private String inboundAddresses = "";

  /** Null for trunks stored before V19 (any realm of its host); TrunkService fills in the host. */
  @Size(max = 128, message = "at most 128 characters")
  @Pattern(
      regexp = "[^\"\\\\\\p{Cntrl}]*",
      message = "no quotes, backslashes or control characters")
  @Column(length = 128)
  private String realm;

  @Column(name = "asserts_identity", nullable = false)
  private boolean assertsIdentity;

  @NotNull
  @Enumerated(EnumType.STRING)
  @Column(name = "inbound_trust", nullable = false, length = 16)
  private InboundTrust inboundTrust = InboundTrust.NONE;

  @Size(max = 64, message = "at most 64 characters")
  @Pattern(regexp = "[A-Za-z0-9._~+-]*", message = "letters, digits and . _ ~ + - only")
  @Column(name = "inbound_username", length = 64)
  private String inboundUsername;

  /** Sealed by the key vault, as {@link #password}. */
  @Column(name = "inbound_password", length = 512)
  private String inboundPassword;

  @Column(nullable = false)
  private boolean enabled = true;

  /** A draft for the trunk screen, with every default; saved by {@link TrunkService#saveTrunk}. */
  public Trunk() {}

  /**
   * The router's immutable view without the password (what the audit log names); the customer must
   * be loaded (or absent).
   */
  public TrunkRoute route() {
    return route(null);
  }

  /** The router's immutable view, with the passwords opened by the caller (TrunkService). */
  TrunkRoute route(String openedPassword) {
    return route(openedPassword, null);
  }

  TrunkRoute route(String openedPassword, String openedInboundPassword) {
    return new TrunkRoute(
        id,
        name,
        customer == null ? null : customer.getId(),
        host,
        port,
        transport,
        username,
        openedPassword,
        realm,
        words(prefixes),
        numberFormat,
        region,
        techPrefix,
        priority,
        assertsIdentity,
        new TrunkRoute.Inbound(
            inboundTrust, words(inboundAddresses), inboundUsername, openedInboundPassword));
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" +"));
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

  public Customer getCustomer() {
    return customer;
  }

  public void setCustomer(Customer customer) {
    this.customer = customer;
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

  /** Whether a password is stored; the password itself never leaves the service. */
  public boolean hasPassword() {
    return password != null;
  }

  /** The stored (sealed) password, for TrunkService and TrunkPasswords only. */
  String getPassword() {
    return password;
  }

  void setPassword(String password) {
    this.password = password;
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

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  public boolean isAssertsIdentity() {
    return assertsIdentity;
  }

  public void setAssertsIdentity(boolean assertsIdentity) {
    this.assertsIdentity = assertsIdentity;
  }

  public InboundTrust getInboundTrust() {
    return inboundTrust;
  }

  public void setInboundTrust(InboundTrust inboundTrust) {
    this.inboundTrust = inboundTrust;
  }

  public String getInboundUsername() {
    return inboundUsername;
  }

  public void setInboundUsername(String inboundUsername) {
    this.inboundUsername = inboundUsername;
  }

  /** Whether an inbound password is stored; it never leaves the service. */
  public boolean hasInboundPassword() {
    return inboundPassword != null;
  }

  String getInboundPassword() {
    return inboundPassword;
  }

  void setInboundPassword(String inboundPassword) {
    this.inboundPassword = inboundPassword;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
