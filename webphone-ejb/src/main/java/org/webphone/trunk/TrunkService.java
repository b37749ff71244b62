package org.webphone.trunk;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.Validator;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.SipAccount;
import org.webphone.account.TenantGuard;
import org.webphone.account.WebPhoneException;
import org.webphone.audit.AuditLog;
import org.webphone.billing.BillingService;
import org.webphone.phonebook.PhoneNumbers;
import org.webphone.vault.Vault;

/**
 * Trunks and DIDs: the admin's screens change them (every change audited), the SIP application
 * reads them ({@link #routes()}, {@link #didRoute}, {@link #standing}) without a caller, as the
 * server.
 */
@Stateless
public class TrunkService {
  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Validator validator;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  @EJB BillingService billing;

  @Inject Vault vault;

  /** What the vault seals trunk passwords for (its associated data). */
  static final String PASSWORD_PURPOSE = "webphone trunk password v1";

  /** What the vault seals the passwords trunks authenticate to us with for. */
  static final String INBOUND_PASSWORD_PURPOSE = "webphone trunk inbound password v1";

  static final int MAX_PASSWORD = 128;

  /** Every trunk, global ones first, then by name; admins only. */
  public List<Trunk> trunks() {
    requireAdmin();
    return em.createQuery(
            "select t from Trunk t left join fetch t.customer c"
                + " order by case when c.id is null then 0 else 1 end, t.name",
            Trunk.class)
        .getResultList();
  }

  /**
   * One trunk with its customer, as a draft for the trunk screen to edit; admins only. The draft
   * says whether a password is stored, but holds none: the secret never leaves this service.
   */
  public Optional<Trunk> trunk(long trunkId) {
    requireAdmin();
    Optional<Trunk> found =
        em.createQuery(
                "select t from Trunk t left join fetch t.customer where t.id = :id", Trunk.class)
            .setParameter("id", trunkId)
            .getResultStream()
            .findFirst();
    found.ifPresent(
        t -> {
          em.detach(t);
          if (t.hasPassword()) {
            t.setPassword("");
          }
          if (t.hasInboundPassword()) {
            t.setInboundPassword("");
          }
        });
    return found;
  }

  /**
   * Creates ({@code draft} without id) or updates a trunk from the screen's draft.
   *
   * @param customerId the owner; null for a global trunk
   * @param password a new digest password; null or empty keeps the stored one
   * @param clearPassword removes the stored password
   * @throws InvalidFieldsException naming each wrong field; nothing is saved
   */
  public Trunk saveTrunk(Trunk draft, Long customerId, String password, boolean clearPassword) {
    return saveTrunk(draft, customerId, password, clearPassword, null);
  }

  /**
   * As {@link #saveTrunk(Trunk, Long, String, boolean)}, with the password a trunk recognised by
   * digest ({@link InboundTrust#DIGEST}) authenticates its calls to us with: null or empty keeps
   * the stored one; any other kind of trust removes it.
   */
  public Trunk saveTrunk(
      Trunk draft,
      Long customerId,
      String password,
      boolean clearPassword,
      String inboundPassword) {
    requireAdmin();
    Trunk t;
    if (draft.getId() == null) {
      t = new Trunk();
    } else {
      t = em.find(Trunk.class, draft.getId());
      if (t == null) {
        throw new WebPhoneException("no trunk " + draft.getId());
      }
    }
    t.setName(trim(draft.getName()));
    t.setCustomer(
        customerId == null
            ? null
            : Optional.ofNullable(em.find(Customer.class, customerId))
                .orElseThrow(() -> InvalidFieldsException.of("customer", "no such customer")));
    t.setHost(trim(draft.getHost()));
    t.setPort(draft.getPort());
    t.setTransport(draft.getTransport());
    t.setUsername(blankToNull(draft.getUsername()));
    if (clearPassword) {
      t.setPassword(null);
    } else if (password != null && !password.isEmpty()) {
      t.setPassword(vault.sealText(checkedLength("password", password), PASSWORD_PURPOSE));
    }
    trust(t, draft, inboundPassword);
    t.setPrefixes(spaced(draft.getPrefixes()));
    t.setNumberFormat(draft.getNumberFormat());
    t.setRegion(upper(blankToNull(draft.getRegion())));
    t.setTechPrefix(blankToNull(draft.getTechPrefix()));
    t.setPriority(draft.getPriority());
    t.setInboundAddresses(spaced(draft.getInboundAddresses()));
    t.setEnabled(draft.isEnabled());
    InvalidFieldsException.requireValid(validator, t);
    if (t.getNumberFormat() == NumberFormat.NATIONAL && t.getRegion() == null) {
      throw InvalidFieldsException.of("region", "national numbers need the trunk's region");
    }
    if (t.getUsername() == null && t.hasPassword()) {
      throw InvalidFieldsException.of("username", "a password needs a username");
    }
    requireRecognisable(t);
    boolean taken =
        em.createQuery("select t.id from Trunk t where t.name = :n", Long.class)
            .setParameter("n", t.getName())
            .getResultStream()
            .anyMatch(id -> !id.equals(draft.getId()));
    if (taken) {
      throw InvalidFieldsException.of("name", "a trunk named " + t.getName() + " exists");
    }
    if (draft.getId() == null) {
      em.persist(t);
    }
    // The detail names what routes calls; the password is never written anywhere but its column.
    audit.record(
        draft.getId() == null ? "trunk.create" : "trunk.update",
        t.getCustomer() == null ? null : t.getCustomer().getId(),
        t.getName(),
        t.route().toString()
            + ", prefixes ["
            + t.getPrefixes()
            + "], inbound ["
            + t.getInboundAddresses()
            + "] by "
            + t.getInboundTrust()
            + (t.getInboundUsername() == null ? "" : " as " + t.getInboundUsername())
            + (t.isAssertsIdentity() ? ", asserts identity" : "")
            + ", "
            + (t.isEnabled() ? "enabled" : "disabled"));
    return t;
  }

  public void deleteTrunk(long trunkId) {
    requireAdmin();
    Trunk t = em.find(Trunk.class, trunkId);
    if (t == null) {
      return;
    }
    em.remove(t);
    audit.record(
        "trunk.delete",
        t.getCustomer() == null ? null : t.getCustomer().getId(),
        t.getName(),
        null);
  }

  /** The customer's numbers, by number. */
  public List<Did> dids(long customerId) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select d from Did d where d.customer.id = :c order by d.number", Did.class)
        .setParameter("c", customerId)
        .getResultList();
  }

  /**
   * Gives {@code customerId} the number {@code typed} (read with the customer's region), ringing
   * the accounts named.
   *
   * @throws InvalidFieldsException for a number that is not valid or taken, or an unknown account
   */
  public Did addDid(long customerId, String typed, Collection<String> usernames) {
    requireAdmin();
    Customer c =
        Optional.ofNullable(em.find(Customer.class, customerId))
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    PhoneNumbers.Reading reading = PhoneNumbers.read(typed, c.getDefaultRegion());
    if (reading instanceof PhoneNumbers.Extension x) {
      throw InvalidFieldsException.of("number", x.digits() + " is an extension, not a number");
    }
    if (reading instanceof PhoneNumbers.Refused r) {
      throw InvalidFieldsException.of("number", r.reason());
    }
    String number = ((PhoneNumbers.E164) reading).number();
    if (!em.createQuery("select d.id from Did d where d.number = :n", Long.class)
        .setParameter("n", number)
        .getResultList()
        .isEmpty()) {
      throw InvalidFieldsException.of("number", number + " is taken");
    }
    Did d = new Did(number, c);
    d.getAccounts().addAll(accounts(customerId, usernames));
    em.persist(d);
    audit.record("did.create", customerId, number, "rings " + usernames);
    return d;
  }

  /** Sets the accounts a number rings. */
  public Did assign(long didId, Collection<String> usernames) {
    requireAdmin();
    Did d =
        Optional.ofNullable(em.find(Did.class, didId))
            .orElseThrow(() -> new WebPhoneException("no number " + didId));
    d.getAccounts().clear();
    d.getAccounts().addAll(accounts(d.getCustomer().getId(), usernames));
    audit.record("did.assign", d.getCustomer().getId(), d.getNumber(), "rings " + usernames);
    return d;
  }

  public void deleteDid(long didId) {
    requireAdmin();
    Did d = em.find(Did.class, didId);
    if (d != null) {
      em.remove(d);
      audit.record("did.delete", d.getCustomer().getId(), d.getNumber(), null);
    }
  }

  // ---- read by the SIP application (no caller) ----

  /** Every enabled trunk, as the router keeps it. */
  public List<TrunkRoute> routes() {
    return em.createQuery(
            "select t from Trunk t left join fetch t.customer where t.enabled = true", Trunk.class)
        .getResultStream()
        .map(
            t ->
                t.route(
                    vault.openText(t.getPassword(), PASSWORD_PURPOSE),
                    vault.openText(t.getInboundPassword(), INBOUND_PASSWORD_PURPOSE)))
        .toList();
  }

  /** Where a call to {@code e164} goes: its customer and the enabled accounts it rings. */
  public Optional<DidRoute> didRoute(String e164) {
    return em.createQuery("select d from Did d where d.number = :n", Did.class)
        .setParameter("n", e164)
        .getResultStream()
        .findFirst()
        .map(
            d ->
                new DidRoute(
                    d.getNumber(),
                    d.getCustomer().getId(),
                    d.getAccounts().stream()
                        .filter(SipAccount::isEnabled)
                        .map(SipAccount::getUsername)
                        .sorted()
                        .toList()));
  }

  /** The lowest number assigned to {@code username}: what it calls out as. */
  public Optional<String> numberOf(String username, String domain) {
    return em.createQuery(
            "select d.number from Did d join d.accounts a where a.username = :u and a.domain = :d"
                + " order by d.number",
            String.class)
        .setParameter("u", username)
        .setParameter("d", domain)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** Whether the customer may call out, and its region. */
  public OutboundStanding standing(long customerId) {
    Customer c = em.find(Customer.class, customerId);
    if (c == null) {
      return new OutboundStanding(null, false, false);
    }
    boolean positive = billing.balance(customerId).values().stream().anyMatch(b -> b.signum() > 0);
    return new OutboundStanding(c.getDefaultRegion(), c.isEmailVerified(), positive);
  }

  private List<SipAccount> accounts(long customerId, Collection<String> usernames) {
    List<SipAccount> found =
        usernames.isEmpty()
            ? List.of()
            : em.createQuery(
                    "select a from SipAccount a where a.customer.id = :c and a.username in :u",
                    SipAccount.class)
                .setParameter("c", customerId)
                .setParameter("u", usernames)
                .getResultList();
    if (found.size() != Set.copyOf(usernames).size()) {
      throw InvalidFieldsException.of("accounts", "only accounts of this customer can be rung");
    }
    return found;
  }

  /**
   * Copies from the draft how the trunk is trusted: its realm (the host's name when credentials are
   * set and no realm is given), whether it asserts identities, and how its calls are recognised.
   */
  private void trust(Trunk t, Trunk draft, String inboundPassword) {
    String realm = blankToNull(draft.getRealm());
    t.setRealm(realm == null && t.getUsername() != null ? t.getHost() : realm);
    t.setAssertsIdentity(draft.isAssertsIdentity());
    t.setInboundTrust(
        draft.getInboundTrust() == null ? InboundTrust.NONE : draft.getInboundTrust());
    if (t.getInboundTrust() != InboundTrust.DIGEST) {
      t.setInboundUsername(null);
      t.setInboundPassword(null);
      return;
    }
    t.setInboundUsername(blankToNull(draft.getInboundUsername()));
    if (inboundPassword != null && !inboundPassword.isEmpty()) {
      t.setInboundPassword(
          vault.sealText(
              checkedLength("inboundPassword", inboundPassword), INBOUND_PASSWORD_PURPOSE));
    }
  }

  /**
   * A trunk trusted by address names its addresses; one trusted by digest has credentials of its
   * own, which no other trunk and no account uses (else whoever knows one could call as the other).
   */
  private void requireRecognisable(Trunk t) {
    if (t.getInboundTrust() == InboundTrust.ADDRESS && t.getInboundAddresses().isEmpty()) {
      throw InvalidFieldsException.of(
          "inboundAddresses", "a trunk trusted by its address needs the addresses it sends from");
    }
    if (t.getInboundTrust() != InboundTrust.DIGEST) {
      return;
    }
    if (t.getInboundUsername() == null) {
      throw InvalidFieldsException.of("inboundUsername", "a trunk trusted by digest needs one");
    }
    if (!t.hasInboundPassword()) {
      throw InvalidFieldsException.of("inboundPassword", "a trunk trusted by digest needs one");
    }
    boolean takenByTrunk =
        em.createQuery("select t.id from Trunk t where t.inboundUsername = :u", Long.class)
            .setParameter("u", t.getInboundUsername())
            .getResultStream()
            .anyMatch(id -> !id.equals(t.getId()));
    boolean takenByAccount =
        !em.createQuery("select a.id from SipAccount a where a.username = :u", Long.class)
            .setParameter("u", t.getInboundUsername())
            .setMaxResults(1)
            .getResultList()
            .isEmpty();
    if (takenByTrunk || takenByAccount) {
      throw InvalidFieldsException.of(
          "inboundUsername", t.getInboundUsername() + " is another trunk's or an account's");
    }
  }

  private static String checkedLength(String field, String password) {
    if (password.length() > MAX_PASSWORD) {
      throw InvalidFieldsException.of(field, "at most " + MAX_PASSWORD + " characters");
    }
    return password;
  }

  private void requireAdmin() {
    guard.requireAdminOrServer();
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  private static String spaced(String s) {
    return s == null ? "" : s.trim().replaceAll("[\\s,;]+", " ");
  }
}
