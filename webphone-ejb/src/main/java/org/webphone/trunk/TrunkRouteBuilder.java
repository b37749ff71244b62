package org.webphone.trunk;

import java.util.List;
import java.util.Objects;

/**
 * Names each part of a {@link TrunkRoute}: {@code TrunkRoute.builder("carrier", "sip.example",
 * 5060).prefixes(List.of("+49")).format(NumberFormat.NATIONAL).region("DE").build()}, or {@code
 * route.toBuilder().priority(5).build()} to change a few. Defaults: a global trunk over UDP, no
 * credentials, every number in E.164, priority 1, outside our trust domain, carrying calls out
 * only.
 *
 * <p>Not thread-safe; the route it builds is immutable.
 */
public final class TrunkRouteBuilder {
  private long id;
  private String name;
  private Long customerId;
  private String host;
  private int port;
  private Transport transport = Transport.UDP;
  private String username;
  private String password;
  private String realm;
  private List<String> prefixes = List.of();
  private NumberFormat format = NumberFormat.E164;
  private String region;
  private String techPrefix;
  private int priority = 1;
  private boolean assertsIdentity;
  private TrunkRoute.Inbound inbound = TrunkRoute.Inbound.none();

  TrunkRouteBuilder(String name, String host, int port) {
    this.name = Objects.requireNonNull(name, "name");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
  }

  TrunkRouteBuilder(TrunkRoute r) {
    this(r.name(), r.host(), r.port());
    id = r.id();
    customerId = r.customerId();
    transport = r.transport();
    username = r.username();
    password = r.password();
    realm = r.realm();
    prefixes = r.prefixes();
    format = r.format();
    region = r.region();
    techPrefix = r.techPrefix();
    priority = r.priority();
    assertsIdentity = r.assertsIdentity();
    inbound = r.inbound();
  }

  public TrunkRouteBuilder id(long id) {
    this.id = id;
    return this;
  }

  public TrunkRouteBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** The customer whose own trunk it is; null: a global trunk. */
  public TrunkRouteBuilder customer(Long customerId) {
    this.customerId = customerId;
    return this;
  }

  public TrunkRouteBuilder gateway(String host, int port, Transport transport) {
    this.host = host;
    this.port = port;
    this.transport = transport;
    return this;
  }

  /** Our digest credentials at the trunk, for its realm only (null: the host's name). */
  public TrunkRouteBuilder credentials(String username, String password, String realm) {
    this.username = username;
    this.password = password;
    this.realm = realm;
    return this;
  }

  public TrunkRouteBuilder transport(Transport transport) {
    this.transport = transport;
    return this;
  }

  public TrunkRouteBuilder prefixes(List<String> prefixes) {
    this.prefixes = prefixes;
    return this;
  }

  public TrunkRouteBuilder format(NumberFormat format) {
    this.format = format;
    return this;
  }

  public TrunkRouteBuilder region(String region) {
    this.region = region;
    return this;
  }

  public TrunkRouteBuilder techPrefix(String techPrefix) {
    this.techPrefix = techPrefix;
    return this;
  }

  public TrunkRouteBuilder priority(int priority) {
    this.priority = priority;
    return this;
  }

  public TrunkRouteBuilder assertsIdentity(boolean asserts) {
    this.assertsIdentity = asserts;
    return this;
  }

  public TrunkRouteBuilder inbound(TrunkRoute.Inbound inbound) {
    this.inbound = inbound;
    return this;
  }

  public TrunkRoute build() {
    return new TrunkRoute(
        id,
        name,
        customerId,
        host,
        port,
        transport,
        username,
        password,
        realm,
        prefixes,
        format,
        region,
        techPrefix,
        priority,
        assertsIdentity,
        inbound);
  }
}
