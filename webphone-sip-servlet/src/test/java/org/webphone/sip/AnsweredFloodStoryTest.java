package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mallory floods what the application itself answers without opening anything (issue 21, point 3):
 * subscriptions to an event package nobody serves (489), subscriptions and registrations without
 * credentials (401), and OPTIONS pings (200), ten thousand of each over UDP from one socket. Each
 * is answered, and none leaves a server transaction (Timer J would keep one for 32 s, about 10 KB
 * each) or an application session behind. Alice still registers afterwards.
 */
class AnsweredFloodStoryTest {
  private static final int FLOOD = 10_000;
  private static final int WINDOW = 40;
  private static final MutableClock CLOCK = new MutableClock();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("flood-test", CLOCK, 0, "alice");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void tenThousandOfEachAnsweredRequestLeaveNoTransactionAndNoSession() throws Exception {
    int transactionsBefore = server.container.serverTransactions();
    int sessionsBefore = server.container.activeApplicationSessions();
    try (Mallory mallory = new Mallory(server.udpPort)) {
      answered(
          489, mallory.flood(FLOOD, port -> request("SUBSCRIBE", port, "Event: presence\r\n")));
      answered(
          401, mallory.flood(FLOOD, port -> request("SUBSCRIBE", port, "Event: ua-profile\r\n")));
      answered(401, mallory.flood(FLOOD, port -> request("REGISTER", port, "")));
      answered(200, mallory.flood(FLOOD, port -> request("OPTIONS", port, "")));
      answered(407, mallory.flood(FLOOD, port -> request("INVITE", port, "")));
      assertEquals(
          0, mallory.repeated.get(), "answers retransmitted to a source that may be spoofed");
    }
    int transactions = server.container.serverTransactions();
    int sessions = server.container.activeApplicationSessions();
    assertTrue(
        transactions <= transactionsBefore,
        "server transactions: " + transactions + ", " + transactionsBefore + " before");
    assertTrue(
        sessions <= sessionsBefore,
        "application sessions: " + sessions + ", " + sessionsBefore + " before");

    try (UdpPhone alice = new UdpPhone("alice", TestServer.DOMAIN, server.udpPort)) {
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(alice.registerWithPassword(TestServer.password("alice"), "")),
          "phones are served");
    }
  }

  /**
   * Every request of a flood got {@code expected}, or 503 from the overload guard while the JVM was
   * still cold (at most one in a hundred).
   */
  private static void answered(int expected, Map<Integer, Integer> statuses) {
    int overloaded = statuses.getOrDefault(503, 0);
    assertEquals(
        Map.of(expected, FLOOD - overloaded),
        statuses.entrySet().stream()
            .filter(e -> e.getKey() != 503)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
        "answers: " + statuses);
    assertTrue(overloaded <= FLOOD / 100, "answers: " + statuses);
  }

  private static String request(String method, int localPort, String extra) {
    return method
        + " sip:alice@"
        + TestServer.DOMAIN
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + localPort
        + ";branch=z9hG4bK"
        + UUID.randomUUID()
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@"
        + TestServer.DOMAIN
        + ">;tag="
        + UUID.randomUUID().toString().substring(0, 8)
        + "\r\n"
        + "To: <sip:alice@"
        + TestServer.DOMAIN
        + ">\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 1 "
        + method
        + "\r\n"
        + "Contact: <sip:alice@127.0.0.1:"
        + localPort
        + ">\r\n"
        + "Expires: 600\r\n"
        + extra
        + "Content-Length: 0\r\n\r\n";
  }

  /** One UDP socket that sends a window of requests ahead of the answers, and counts these. */
  private static final class Mallory implements AutoCloseable {
    final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    final AtomicLong repeated = new AtomicLong();
    private final Set<String> answeredCalls = ConcurrentHashMap.newKeySet();
    private final AtomicLong finals = new AtomicLong();
    private final DatagramSocket socket;
    private final int serverPort;
    private final Thread reader;
    private long sent;

    Mallory(int serverPort) throws SocketException {
      this.serverPort = serverPort;
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(4 << 20);
      reader = new Thread(this::read, "mallory-reader");
      reader.setDaemon(true);
      reader.start();
    }

    interface Message {
      String from(int localPort);
    }

    /**
     * Sends {@code count} requests, never more than a window ahead, waits for every answer and
     * returns their statuses.
     */
    Map<Integer, Integer> flood(int count, Message message) throws IOException {
      Map<Integer, Integer> before = Map.copyOf(statuses);
      for (int i = 0; i < count; i++) {
        byte[] out = message.from(socket.getLocalPort()).getBytes(StandardCharsets.UTF_8);
        socket.send(
            new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), serverPort));
        sent++;
        if (sent % WINDOW == 0) {
          await(sent - WINDOW / 2);
        }
      }
      await(sent);
      return statuses.entrySet().stream()
          .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0))
          .collect(
              Collectors.toMap(
                  Map.Entry::getKey, e -> e.getValue() - before.getOrDefault(e.getKey(), 0)));
    }

    private void await(long expected) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (finals.get() < expected) {
        if (System.nanoTime() > deadline) {
          fail("answered " + finals.get() + " of " + expected + ": " + statuses);
        }
        Thread.onSpinWait();
      }
    }

    private void read() {
      byte[] buf = new byte[65535];
      while (!socket.isClosed()) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(in);
        } catch (IOException closed) {
          return;
        }
        String text = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
        if (text.startsWith("SIP/2.0 ")) {
          int status = Integer.parseInt(text.substring(8, 11));
          if (status >= 200 && !answeredCalls.add(callId(text))) {
            repeated.incrementAndGet();
          } else if (status >= 200) {
            statuses.merge(status, 1, Integer::sum);
            finals.incrementAndGet();
          }
        }
      }
    }

    private static String callId(String message) {
      int at = message.indexOf("\r\nCall-ID: ") + 11;
      return message.substring(at, message.indexOf("\r\n", at));
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      reader.join();
    }
  }
}
