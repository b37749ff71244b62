package org.webphone.web.certificates.acme;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.AcmeJsonResource;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.webphone.web.certificates.KeyPairs;
import org.webphone.web.certificates.Pem;

/**
 * One certificate order (RFC 8555 §7.4) for one host name, answered by HTTP-01 (§8.3) from our own
 * HTTP listener: account, order, one authorisation per name, challenge, finalise with a new P-256
 * key, download. Runs on the caller's thread (a background job) and tells it each step.
 */
final class AcmeOrder {
  /** Where the HTTP-01 answers are kept while the CA fetches them (any node may be asked). */
  interface Answers {
    void publish(String token, String content, Instant until);

    void withdraw(String token);
  }

  /** What the order got: the chain the CA sent (the host's first) and its key, as PEM. */
  record Issued(List<X509Certificate> chain, String chainPem, String keyPem) {}

  private static final URI ACCOUNT_DOES_NOT_EXIST =
      URI.create("urn:ietf:params:acme:error:accountDoesNotExist");

  private final Session session;
  private final Duration poll;
  private final Duration timeout;
  private final Clock clock;
  private final Answers answers;
  private final Consumer<String> step;

  AcmeOrder(
      Session session,
      Duration poll,
      Duration timeout,
      Clock clock,
      Answers answers,
      Consumer<String> step) {
    this.session = session;
    this.poll = poll;
    this.timeout = timeout;
    this.clock = clock;
    this.answers = answers;
    this.step = step;
  }

  /**
   * Logs in with the account key: the account at {@code accountUrl}, or a new account (the admin
   * agreed to the CA's terms on the form) when there is none yet.
   */
  Login login(KeyPair accountKey, URL accountUrl, String email) throws AcmeException {
    if (accountUrl != null) {
      try {
        // Asks the CA (RFC 8555 §7.3.1 onlyReturnExisting): a CA may have forgotten an account
        // (a test CA restarted, a deactivated account), and the order would fail late.
        return new AccountBuilder().onlyExisting().useKeyPair(accountKey).createLogin(session);
      } catch (AcmeServerException e) {
        if (!ACCOUNT_DOES_NOT_EXIST.equals(e.getType())) {
          throw e;
        }
        step.accept("the CA no longer knows the account; creating it again");
      }
    }
    step.accept("creating the account at " + session.getServerUri());
    AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
    if (email != null && !email.isBlank()) {
      builder.addEmail(email);
    }
    Account account = builder.create(session);
    return session.login(account.getLocation(), accountKey);
  }

  Issued order(Login login, String host)
      throws AcmeException, GeneralSecurityException, IOException, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    step.accept("ordering a certificate for " + host);
    Order order = login.newOrder().domain(host).create();
    for (Authorization auth : order.getAuthorizations()) {
      if (auth.getStatus() == Status.VALID) {
        step.accept(auth.getIdentifier().getDomain() + " is already validated for this account");
        continue;
      }
      Http01Challenge challenge =
          auth.findChallenge(Http01Challenge.class)
              .orElseThrow(() -> new AcmeException("the CA offers no HTTP-01 challenge"));
      answers.publish(challenge.getToken(), challenge.getAuthorization(), deadline);
      try {
        step.accept(
            "the CA checks http://"
                + auth.getIdentifier().getDomain()
                + "/.well-known/acme-challenge/ (HTTP-01)");
        challenge.trigger();
        Status s = await(challenge, deadline);
        if (s != Status.VALID) {
          throw new AcmeException(
              "the CA could not validate "
                  + auth.getIdentifier().getDomain()
                  + ": "
                  + challenge.getError().map(AcmeOrder::describe).orElse("status " + s));
        }
      } finally {
        // Only now: the CA fetches the answer several times (from several vantage points).
        answers.withdraw(challenge.getToken());
      }
    }
    step.accept("validated; sending the certificate request");
    KeyPair key = KeyPairs.p256();
    order.execute(key);
    Status s = await(order, deadline);
    if (s != Status.VALID) {
      throw new AcmeException(
          "the order failed: " + order.getError().map(AcmeOrder::describe).orElse("status " + s));
    }
    step.accept("downloading the certificate");
    List<X509Certificate> chain = order.getCertificate().getCertificateChain();
    if (!chain.get(0).getPublicKey().equals(key.getPublic())) {
      throw new AcmeException("the CA sent a certificate for another key");
    }
    return new Issued(
        chain, Pem.chain(chain), Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()));
  }

  /** Asks for the resource until it is final, as often as its Retry-After says or {@code poll}. */
  private Status await(AcmeJsonResource resource, Instant deadline)
      throws AcmeException, InterruptedException {
    while (true) {
      var retry = resource.fetch();
      Status s = status(resource);
      if (s == Status.VALID || s == Status.INVALID) {
        return s;
      }
      Instant now = clock.instant();
      if (now.isAfter(deadline)) {
        throw new AcmeException("the CA did not finish within " + timeout.toSeconds() + " s");
      }
      Duration wait = retry.map(at -> Duration.between(now, at)).orElse(poll);
      if (wait.compareTo(poll) < 0) {
        wait = poll;
      }
      if (wait.compareTo(Duration.between(now, deadline)) > 0) {
        wait = Duration.between(now, deadline).plusMillis(1);
      }
      // A timed wait between requests to a remote server (it has no push): not a test waiting
      // for an event.
      TimeUnit.MILLISECONDS.sleep(Math.max(1, wait.toMillis()));
    }
  }

  private static Status status(AcmeJsonResource r) {
    if (r instanceof Order o) {
      return o.getStatus();
    }
    return ((Http01Challenge) r).getStatus();
  }

  private static String describe(Problem p) {
    return p.getDetail().orElse(p.getTitle().orElse(p.getType().toString()));
  }
}
