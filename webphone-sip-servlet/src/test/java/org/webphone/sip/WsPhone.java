package org.webphone.sip;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.webphone.sip.container.InMemoryBrowser;
import org.webphone.sip.container.RawSipClient;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipDigest;
import org.webphone.sip.container.ws.WebSocketConnection;

/**
 * A browser phone as JsSIP behaves over WebSocket (RFC 7118, RFC 5626): made-up {@code .invalid}
 * hosts in Via and Contact, one {@code +sip.instance} and {@code reg-id=1} for its whole life, the
 * same Call-ID across reconnects. Its connection is in memory; {@link #reconnect} opens a new one,
 * as the browser does after a network change.
 */
final class WsPhone {
  private final SipContainer container;
  private final String user;
  private final String domain;
  private final String instance = "\"<urn:uuid:" + UUID.randomUUID() + ">\"";
  private final String contactHost;
  private final String callId = UUID.randomUUID().toString();
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private InMemoryBrowser browser = new InMemoryBrowser();
  private WebSocketConnection connection;
  private int cseq;

  WsPhone(SipContainer container, String user, String domain) throws IOException {
    this(container, user, domain, UUID.randomUUID().toString().substring(0, 12) + ".invalid");
  }

  /** A phone whose contact names {@code contactHost} (RFC 7118 §5: made up by the phone). */
  WsPhone(SipContainer container, String user, String domain, String contactHost)
      throws IOException {
    this.contactHost = contactHost;
    this.container = container;
    this.user = user;
    this.domain = domain;
    this.connection = container.openWebSocket(browser, false);
  }

  String contactHost() {
    return contactHost;
  }

  String contact() {
    return "sip:" + user + "@" + contactHost + ";transport=ws";
  }

  WebSocketConnection connection() {
    return connection;
  }

  /** The old connection drops and the phone opens a new one (a new peer port on the server). */
  void reconnect() throws IOException {
    connection.closed();
    browser = new InMemoryBrowser();
    connection = container.openWebSocket(browser, false);
  }

  /** Registers with digest as JsSIP does; returns the final answer. */
  String register(String password) throws IOException, InterruptedException {
    String challenge = exchange(registerRequest(""));
    String auth = UdpPhone.header(challenge, "WWW-Authenticate");
    if (auth == null) {
      return challenge;
    }
    return exchange(
        registerRequest(SipDigest.registerAuthorization(domain, auth, user, password, 1)));
  }

  /**
   * Subscribes to its own address-of-record for {@code event} with digest, as JsSIP's subscriber
   * does; returns the final answer. Later SUBSCRIBEs (refreshes) go in the dialog the first one
   * made.
   */
  String subscribe(String password, String event, int expires)
      throws IOException, InterruptedException {
    String challenge = exchange(subscribeRequest(event, expires, ""));
    String auth = UdpPhone.header(challenge, "WWW-Authenticate");
    if (auth == null) {
      return challenge;
    }
    String uri = "sip:" + user + "@" + domain;
    String ok =
        exchange(
            subscribeRequest(
                event,
                expires,
                SipDigest.authorization("SUBSCRIBE", uri, auth, user, password, 1)));
    String to = UdpPhone.header(ok, "To");
    subscriptionToTag = to.contains("tag=") ? to.substring(to.indexOf("tag=") + 4) : null;
    return ok;
  }

  /** Refreshes (or, with 0, ends) the subscription in its dialog; returns the final answer. */
  String resubscribe(String event, int expires) throws InterruptedException {
    return exchange(subscribeRequest(event, expires, ""));
  }

  private final String subscribeCallId = UUID.randomUUID().toString();
  private String subscriptionToTag;
  private int subscribeCseq;

  private String subscribeRequest(String event, int expires, String authorization) {
    String aor = "sip:" + user + "@" + domain;
    return "SUBSCRIBE "
        + aor
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/WS "
        + contactHost
        + ";branch=z9hG4bK"
        + UUID.randomUUID()
        + "\r\n"
        + "Max-Forwards: 69\r\n"
        + "To: <"
        + aor
        + ">"
        + (subscriptionToTag == null ? "" : ";tag=" + subscriptionToTag)
        + "\r\n"
        + "From: <"
        + aor
        + ">;tag=jssub\r\n"
        + "Call-ID: "
        + subscribeCallId
        + "\r\n"
        + "CSeq: "
        + ++subscribeCseq
        + " SUBSCRIBE\r\n"
        + "Contact: <"
        + contact()
        + ">\r\n"
        + "Event: "
        + event
        + "\r\n"
        + "Accept: message/external-body\r\n"
        + "Expires: "
        + expires
        + "\r\n"
        + authorization
        + "Content-Length: 0\r\n\r\n";
  }

  /** The next request the server sent this phone, or null within 5 s. */
  String nextRequest() throws InterruptedException {
    String stashed = requests.poll();
    return stashed != null ? stashed : browser.received.poll(5, TimeUnit.SECONDS);
  }

  /** Whether the server sent this phone anything it has not read. */
  boolean heardNothing() {
    return browser.received.isEmpty() && requests.isEmpty();
  }

  /** Answers {@code request} with 200, as JsSIP answers OPTIONS. */
  void answerOk(String request) {
    connection.receive(RawSipClient.okFor(request));
  }

  private String registerRequest(String authorization) {
    return "REGISTER sip:"
        + domain
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/WS "
        + contactHost
        + ";branch=z9hG4bK"
        + UUID.randomUUID()
        + "\r\n"
        + "Max-Forwards: 69\r\n"
        + "To: <sip:"
        + user
        + "@"
        + domain
        + ">\r\n"
        + "From: <sip:"
        + user
        + "@"
        + domain
        + ">;tag=jssip\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: "
        + ++cseq
        + " REGISTER\r\n"
        + "Contact: <"
        + contact()
        + ">;+sip.ice;reg-id=1;+sip.instance="
        + instance
        + ";expires=600\r\n"
        + "Expires: 600\r\n"
        + "Supported: path, outbound, gruu\r\n"
        + authorization
        + "Content-Length: 0\r\n\r\n";
  }

  private String exchange(String request) throws InterruptedException {
    connection.receive(request);
    while (true) {
      String answer = browser.received.poll(5, TimeUnit.SECONDS);
      if (answer == null) {
        throw new AssertionError("no answer to " + request);
      }
      if (answer.startsWith("SIP/2.0 ") && !answer.startsWith("SIP/2.0 1")) {
        return answer;
      }
      if (!answer.startsWith("SIP/2.0 ")) {
        requests.add(answer); // a request of the server's: for nextRequest()
      }
    }
  }
}
