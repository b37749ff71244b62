package org.webphone.sip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.servlet.sip.SipServletRequest;
import org.webphone.account.DigestCredentials;
import org.webphone.media.MediaConfig;
import org.webphone.media.MediaService;
import org.webphone.sip.call.B2bua;
import org.webphone.sip.call.CallConfig;
import org.webphone.sip.call.CallDirectory;
import org.webphone.sip.call.CrossingHeaders;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipApplications;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.container.TestPorts;
import org.webphone.sip.container.ws.WsProcessorFactory;
import org.webphone.sip.media.BrowserMedia;
import org.webphone.sip.profile.PhonebookNotifier;
import org.webphone.sip.profile.ProfileConfig;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.InMemoryBindingStore;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.sip.registrar.SipDomain;

/**
 * The SIP application in the real container (JAIN-SIP and the Mobicents core), as the story tests
 * run it: the registrar with default settings for {@link #DOMAIN}, the given users (password {@code
 * <user>-secret}), bindings in memory where the test can look, and the test's clock. UDP on a free
 * loopback port; WebSocket when a port label is given.
 */
final class TestServer {
  static final String DOMAIN = "example.test";

  /** Our SIP domain now: a story may change it, as an admin does (Setup → Settings → Domains). */
  final java.util.concurrent.atomic.AtomicReference<String> sipDomain =
      new java.util.concurrent.atomic.AtomicReference<>(DOMAIN);

  /** Every user of a test server belongs to this customer. */
  static final long CUSTOMER = 7;

  final SipContainer container;
  final Registrar registrar;
  final ContactProbe probe;
  final PhonebookNotifier phonebook;
  final B2bua calls;

  /** Every call's detail record, as the B2BUA wrote it when the call ended. */
  final java.util.concurrent.BlockingQueue<org.webphone.history.CallRecord> callRecords =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /**
   * The call stack of the thread that wrote each of {@link #callRecords}, in the same order: when
   * the record was written, relative to what the container had already answered.
   */
  final java.util.concurrent.BlockingQueue<StackTraceElement[]> recordWriters =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /**
   * The server's time: its clock and the B2BUA's timers move when the story advances it (or, for a
   * wall-clock story, follows the wall clock: {@link ManualTime#followWallClock}).
   */
  final ManualTime time;

  final InMemoryBindingStore bindings = new InMemoryBindingStore();
  final int udpPort;
  final MediaService media;

  /** The Call-ID of each ACK the B2BUA has handled, in order: a call confirmed on our side. */
  final java.util.concurrent.BlockingQueue<String> acks =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /** Trunks, numbers and customers' standing, as a story sets them. */
  final TestTrunks trunks = new TestTrunks();

  static String password(String user) {
    return user + "-secret";
  }

  /**
   * @param webSocketPort the WS transport's port label (the web server owns the socket); 0: none
   */
  TestServer(String name, Clock clock, int webSocketPort, String... users) throws Exception {
    this(name, clock, webSocketPort, Duration.ofSeconds(60), users);
  }

  /**
   * @param noAnswerTimeout how long callees ring before their caller gets 480
   */
  TestServer(String name, Clock clock, int webSocketPort, Duration noAnswerTimeout, String... users)
      throws Exception {
    this(name, clock, webSocketPort, noAnswerTimeout, List.of(), "", users);
  }

  /**
   * @param integrators applications hosted beside ours
   * @param chains the application router's setting ({@link SipApplications#parse}), e.g. {@code
   *     INVITE: call-policy, webphone}
   */
  TestServer(
      String name,
      Clock clock,
      int webSocketPort,
      Duration noAnswerTimeout,
      List<SipApplicationSpec> integrators,
      String chains,
      String... users)
      throws Exception {
    // Most stories' SIPp phones are registered by another process (third-party registration, RFC
    // 3261 §10.2): their contacts are taken as written. NatStoryTest runs with the default.
    this(true, 0, name, clock, webSocketPort, noAnswerTimeout, integrators, chains, users);
  }

  /** A node with the registrar's default: requests go to where a phone's REGISTER came from. */
  static TestServer sendingToSources(String name, String... users) throws Exception {
    return new TestServer(
        false, 0, name, Clock.systemUTC(), 0, Duration.ofSeconds(5), List.of(), "", users);
  }

  /**
   * A node that also listens for SIP over TLS on {@code tlsPort}, presenting LiveKeys' certificate
   * and asking every client for one.
   */
  static TestServer withTls(String name, int tlsPort, String... users) throws Exception {
    return new TestServer(
        true, tlsPort, name, Clock.systemUTC(), 0, Duration.ofSeconds(5), List.of(), "", users);
  }

  /**
   * @param contactsAsWritten whether requests for a registered phone go to its contact as written
   *     ({@link RegistrarConfig#contactsAsWritten})
   */
  private TestServer(
      boolean contactsAsWritten,
      int tlsPort,
      String name,
      Clock clock,
      int webSocketPort,
      Duration noAnswerTimeout,
      List<SipApplicationSpec> integrators,
      String chains,
      String... users)
      throws Exception {
    // A story that moves the clock itself gives it; any other gets one of the server's own.
    this.time = new ManualTime(clock instanceof MutableClock own ? own : new MutableClock());
    clock = time.clock();
    RegistrarConfig registrarConfig =
        RegistrarConfig.defaults(DOMAIN).withContactsAsWritten(contactsAsWritten);
    Map<String, DigestCredentials> credentials =
        Stream.of(users)
            .collect(
                Collectors.toMap(
                    Function.identity(),
                    u ->
                        new DigestCredentials(
                            u, DOMAIN, DigestCredentials.ha1(u, DOMAIN, password(u)), true)));
    media =
        new MediaService(
            new MediaConfig("127.0.0.1", TestPorts.freeUdp(), null, 2, Duration.ofSeconds(5)));
    WsProcessorFactory webSockets = new WsProcessorFactory();
    SipAuthenticator authenticator =
        new SipAuthenticator(
            registrarConfig,
            new SipDomain(sipDomain::get),
            new DigestAuthenticator(
                "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMinutes(5),
                clock),
            user -> Optional.ofNullable(credentials.get(user)),
            clock);
    registrar = new Registrar(registrarConfig, authenticator, bindings, clock, webSockets);
    probe = new ContactProbe(registrar);
    phonebook =
        new PhonebookNotifier(
            ProfileConfig.defaults(),
            authenticator,
            user -> credentials.containsKey(user) ? Optional.of(CUSTOMER) : Optional.empty(),
            clock,
            webSockets);
    calls =
        new B2bua(
            new CallConfig(
                noAnswerTimeout,
                4,
                100,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                CrossingHeaders.DEFAULT_ALLOWED),
            authenticator,
            registrar,
            new CallDirectory() {
              @Override
              public Optional<Long> customerOf(String username) {
                return credentials.containsKey(username) ? Optional.of(CUSTOMER) : Optional.empty();
              }

              @Override
              public Optional<String> userByExtension(long customer, String extension) {
                // Extensions are 1000 + the user's position in the list: alice 1000, bob 1001.
                if (!extension.matches("[0-9]{4}")) {
                  return Optional.empty();
                }
                int i = Integer.parseInt(extension) - 1000;
                return i >= 0 && i < users.length ? Optional.of(users[i]) : Optional.empty();
              }

              @Override
              public Optional<String> displayNameOf(String username) {
                // As an admin would name them: Alice Example, Bob Example...
                return credentials.containsKey(username)
                    ? Optional.of(
                        Character.toUpperCase(username.charAt(0))
                            + username.substring(1)
                            + " Example")
                    : Optional.empty();
              }
            },
            // The node's real anchor: SIPp phones are no browsers, so their SDP must pass as it is.
            new BrowserMedia(media),
            time,
            record -> {
              recordWriters.add(Thread.currentThread().getStackTrace());
              callRecords.add(record);
            },
            clock,
            trunks,
            org.webphone.sip.call.Places.local());
    udpPort = TestPorts.freeUdp();
    container =
        new SipContainer(
            SipContainerConfig.builder()
                .udpPort(udpPort)
                .tlsPort(tlsPort)
                .webSocketPorts(webSocketPort, 0)
                .stackName(name)
                .threads(4)
                .maxQueuedMessages(1000)
                .overload(200, 5)
                .build(),
            SipApplications.parse(
                    Stream.concat(
                            Stream.of(
                                SipApplicationSpec.single(
                                    "webphone",
                                    WebPhoneServlet.class,
                                    spec ->
                                        new WebPhoneServlet(registrar, probe, phonebook, calls) {
                                          @Override
                                          protected void doAck(SipServletRequest request)
                                              throws IOException {
                                            super.doAck(request);
                                            acks.add(request.getCallId());
                                          }
                                        })),
                            integrators.stream())
                        .toList(),
                    "webphone",
                    chains)
                .serving(Set.copyOf(WebPhoneServlet.METHODS)),
            webSockets);
    container.graceTimers(time); // a refused INVITE's ACK grace passes when the story says
    container.start();
  }

  void stop() {
    container.stop();
    time.shutdownNow();
    media.close();
  }
}
