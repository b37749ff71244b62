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
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the very first start (no customer yet) of an installation that asks for it, creates a demo
 * customer with the accounts {@code alice} and {@code bob}. Their random passwords go to {@code
 * <data dir>/demo-users.properties}, readable by the owner only, and never to the log. For
 * benchmarks it can add a customer "Load test" with accounts {@code load1..loadN} sharing one
 * password (the file's {@code load} entry).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class DemoSeeder {
  private static final Logger LOG = Logger.getLogger(DemoSeeder.class.getName());
  static final String FILE_NAME = "demo-users.properties";

  @EJB private AccountService accounts;

  @Inject
  @ConfigProperty(name = "webphone.demo.seed")
  boolean seed;

  @Inject
  @ConfigProperty(name = "webphone.demo.load-users")
  int loadUsers;

  @Inject
  @ConfigProperty(name = "webphone.data.dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  String domain;

  @PostConstruct
  void seedOnFirstStart() {
    if (!seed || accounts.countCustomers() > 0) {
      return;
    }
    Customer demo = accounts.createCustomer("Demo");
    Map<String, String> passwords = new LinkedHashMap<>();
    passwords.put("alice", randomPassword());
    passwords.put("bob", randomPassword());
    if (loadUsers > 0) {
      // One password for all of them: a load generator has to know every one.
      passwords.put("load", randomPassword());
    }
    // Written before the transaction commits: if this fails, no account exists whose password
    // nobody knows.
    Path file = writePasswords(Path.of(dataDir), passwords);
    accounts.createAccount(demo.getId(), "alice", domain, "1001", "Alice", passwords.get("alice"));
    accounts.createAccount(demo.getId(), "bob", domain, "1002", "Bob", passwords.get("bob"));
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
    }
    LOG.info(
        "Created demo accounts alice and bob in domain "
            + domain
            + "; their passwords are in "
            + file.toAbsolutePath());
  }

  private static Path writePasswords(Path dir, Map<String, String> passwords) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
        w.write("# WebPhone demo accounts (created on first start). Keep this file private.\n");
        for (Map.Entry<String, String> e : passwords.entrySet()) {
          w.write(e.getKey() + "=" + e.getValue() + "\n");
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
