package org.webphone.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.login.LoginService;
import org.webphone.phonebook.ContactDetails;
import org.webphone.phonebook.ContactImport;
import org.webphone.phonebook.PhonebookService;

/**
 * First-start set-up. Whenever no admin login exists, creates {@code admin} with a random password.
 * On the very first start (no customer yet) of an installation that asks for it, also creates a
 * demo customer with the accounts {@code alice}, {@code bob} and {@code carol} and a few contacts.
 * Passwords go to {@code <data dir>/demo-users.properties}, readable by the owner only, and never
 * to the log. For benchmarks it can add a customer "Load test" with accounts {@code load1..loadN}
 * sharing one password (the file's {@code load} entry).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class DemoSeeder {
  private static final Logger LOG = Logger.getLogger(DemoSeeder.class.getName());
  static final String FILE_NAME = "demo-users.properties";
  static final String ADMIN = "admin";

  @EJB private AccountService accounts;

  @EJB private LoginService logins;

  @EJB private PhonebookService phonebook;

  @Inject
  @ConfigProperty(name = "webphone.demo.seed")
  boolean seed;

  @Inject
  @ConfigProperty(name = "webphone.demo.load-users")
  int loadUsers;

  @Inject
  @ConfigProperty(name = "webphone.demo.load-contacts")
  int loadContacts;

  @Inject
  @ConfigProperty(name = "webphone.data.dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  String domain;

  @PostConstruct
  void seedOnFirstStart() {
    Map<String, String> passwords = new LinkedHashMap<>();
    boolean demo = seed && accounts.countCustomers() == 0;
    if (logins.find(ADMIN).isEmpty()) {
      passwords.put(ADMIN, Passwords.random(20));
    }
    if (demo) {
      passwords.put("alice", Passwords.random(20));
      passwords.put("bob", Passwords.random(20));
      passwords.put("carol", Passwords.random(20));
      if (loadUsers > 0) {
        // One password for all of them: a load generator has to know every one.
        passwords.put("load", Passwords.random(20));
      }
    }
    if (passwords.isEmpty()) {
      return;
    }
    // Written before the transaction commits: if this fails, no login exists whose password
    // nobody knows. A later admin-only seed (an installation upgraded from before logins) appends.
    Path file = writePasswords(Path.of(dataDir), passwords, !demo);
    if (passwords.containsKey(ADMIN)) {
      logins.createAdmin(ADMIN, passwords.get(ADMIN));
      LOG.info("Created the admin login \"admin\"; its password is in " + file.toAbsolutePath());
    }
    if (demo) {
      seedDemo(passwords);
      LOG.info(
          "Created demo accounts alice, bob and carol in domain "
              + domain
              + "; their passwords are in "
              + file.toAbsolutePath());
    }
  }

  private void seedDemo(Map<String, String> passwords) {
    Customer demo = accounts.createCustomer("Demo");
    accounts.setDefaultRegion(demo.getId(), "US");
    accounts.createAccount(demo.getId(), "alice", domain, "1001", "Alice", passwords.get("alice"));
    accounts.createAccount(demo.getId(), "bob", domain, "1002", "Bob", passwords.get("bob"));
    // A third party to transfer a call to.
    accounts.createAccount(demo.getId(), "carol", domain, "1003", "Carol", passwords.get("carol"));
    contact(demo, new ContactDetails("Alice", "Demo", null, null), "Desk", "1001");
    contact(demo, new ContactDetails("Bob", "Demo", null, null), "Desk", "1002");
    contact(
        demo,
        new ContactDetails("Front desk", "Demo Hotel", "frontdesk@example.com", "24 hours"),
        "Main",
        "+44 20 7946 0018");
    if (loadUsers > 0) {
      Customer load = accounts.createCustomer("Load test");
      for (int i = 1; i <= loadUsers; i++) {
        accounts.createAccount(
            load.getId(),
            "load" + i,
            domain,
            Integer.toString(100_000 + i),
            null,
            passwords.get("load"));
      }
      LOG.info(() -> "Created " + loadUsers + " load-test accounts load1..load" + loadUsers);
      if (loadContacts > 0) {
        accounts.setDefaultRegion(load.getId(), "GB");
        List<ContactImport.Entry> entries = new ArrayList<>(loadContacts);
        for (int i = 1; i <= loadContacts; i++) {
          String n = String.format("%05d", i);
          entries.add(
              new ContactImport.Entry(
                  new ContactDetails(
                      "Contact " + n, "Company " + (i % 500), "contact" + i + "@example.com", null),
                  List.of(
                      new ContactImport.Number(
                          "Mobile", "020 7946 " + String.format("%04d", i % 1000), null),
                      new ContactImport.Number(
                          "Desk", "0161 496 0" + String.format("%03d", i % 1000), null))));
        }
        phonebook.importContacts(load.getId(), new ContactImport(entries));
        LOG.info(() -> "Created " + loadContacts + " contacts in the load-test phonebook");
      }
    }
  }

  private void contact(Customer customer, ContactDetails details, String label, String number) {
    long id = phonebook.addContact(customer.getId(), details).getId();
    phonebook.addNumber(customer.getId(), id, label, number, null);
  }

  private static Path writePasswords(Path dir, Map<String, String> passwords, boolean append) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      if (!append || !Files.exists(file)) {
        Files.deleteIfExists(file);
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            file,
            "# WebPhone logins created on first start. Keep this file private.\n",
            StandardCharsets.UTF_8);
      }
      try (Writer w =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
        for (Map.Entry<String, String> e : passwords.entrySet()) {
          w.write(e.getKey() + "=" + e.getValue() + "\n");
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
