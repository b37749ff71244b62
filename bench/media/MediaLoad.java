import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.DatagramTransport;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.dtls.DtlsIdentity;
import org.webphone.media.sdp.WebRtcSdp;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.Stun;

/**
 * The load of bench/media.sh: STREAMS calls of two legs each, every leg sending 172-byte RTP
 * packets (PCMU, 20 ms) at 50 packets/s to a relay, which passes them to the other leg. Each
 * packet carries its send time; the other leg notes when it arrives. Prints what was sent, what
 * arrived, the latency percentiles, and the relay process's CPU while media flowed (from
 * /proc/PID/stat, set-up excluded).
 *
 * <p>webphone: each leg is a browser as our anchor sees it (ICE with a nominating check, DTLS
 * client, SRTP), calls set up through RelayServer's control port. rtpengine: each leg is a plain
 * RTP phone, calls set up through rtpengine's ng protocol (offer, answer, delete).
 * webphone-rtp and rtpengine-rtp: a browser calls a plain RTP phone, and the relay bridges
 * DTLS-SRTP (with ICE) to RTP: ours through RelayServer, rtpengine told so by the ng flags a
 * WebRTC gateway gives it (RTP/AVP and ICE removed towards the phone; UDP/TLS/RTP/SAVPF, ICE,
 * passive DTLS and rtcp-mux back towards the browser).
 *
 * <p>Usage: MediaLoad webphone|webphone-rtp|rtpengine|rtpengine-rtp CONTROL_PORT STREAMS SECONDS
 * RELAY_PID
 */
public final class MediaLoad {
  private static final int PACKET = 172;
  private static final long TICK = 20_000_000L; // ns: 50 packets/s
  private static final DtlsIdentity IDENTITY = DtlsIdentity.generate(Duration.ofDays(1));

  /** One phone of one call. */
  static final class Leg {
    final DatagramChannel channel;
    final int port;
    final int ssrc;
    final String ufrag = UUID.randomUUID().toString().substring(0, 8);
    final String password = UUID.randomUUID().toString().replace("-", "");
    InetSocketAddress relay;
    SrtpSession srtp;
    int seq;

    Leg(int ssrc) throws IOException {
      this.ssrc = ssrc;
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }
  }

  private static final AtomicLong sent = new AtomicLong();
  private static final AtomicLong received = new AtomicLong();
  private static final AtomicLong refused = new AtomicLong();
  private static final long[] latency = new long[200_000]; // 10 µs buckets, up to 2 s

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Exception e) {
      System.out.println("FAILED " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    String mode = args[0];
    int control = Integer.parseInt(args[1]);
    int streams = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    long relayPid = Long.parseLong(args[4]);
    boolean ours = mode.startsWith("webphone");

    List<Leg[]> calls = new ArrayList<>();
    ExecutorService setup = Executors.newFixedThreadPool(8);
    List<Future<Leg[]>> pending = new ArrayList<>();
    long setupStart = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      int n = i;
      pending.add(
          setup.submit(
              () ->
                  switch (mode) {
                    case "webphone" -> browsers(control, n);
                    case "webphone-rtp" -> browserToPhone(control, n);
                    case "rtpengine" -> phones(control, n);
                    case "rtpengine-rtp" -> browserToPhoneViaRtpengine(control, n);
                    default -> throw new IllegalArgumentException("no mode " + mode);
                  }));
    }
    for (Future<Leg[]> f : pending) {
      calls.add(f.get());
    }
    setup.shutdown();
    System.out.printf(
        "set up %d calls in %.1f s%n", streams, (System.nanoTime() - setupStart) / 1e9);

    List<Leg> legs = new ArrayList<>();
    calls.forEach(c -> legs.addAll(List.of(c)));
    Selector selector = Selector.open();
    for (Leg leg : legs) {
      leg.channel.configureBlocking(false);
      leg.channel.register(selector, SelectionKey.OP_READ, leg);
    }
    Thread receiver = new Thread(() -> receive(selector), "receiver");
    receiver.setDaemon(true);
    receiver.start();

    // One second of media that does not count: a relay may join a call's legs a moment after
    // the phone's DTLS finished, and what is said before then is lost on any relay.
    ByteBuffer out = ByteBuffer.allocate(PACKET + 32);
    play(legs, 1, out, false);
    long settle = System.nanoTime() + 500_000_000L;
    while (System.nanoTime() < settle) {
      LockSupport.parkNanos(10_000_000);
    }
    long cpuBefore = ticks(relayPid);
    long start = System.nanoTime();
    play(legs, seconds, out, true);
    long sendEnd = System.nanoTime();
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (received.get() + refused.get() < sent.get() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    long cpuAfter = ticks(relayPid);
    double elapsed = (sendEnd - start) / 1e9;
    long hz = 100; // USER_HZ on Linux
    double cpuSeconds = (cpuAfter - cpuBefore) / (double) hz;
    long r = received.get();
    if (ours) {
      System.out.println("relay " + control(control).ask("STATS"));
    }
    System.out.printf(
        "RESULT streams=%d sent=%d received=%d lost=%d refused=%d rate=%.0f p50=%.2f p99=%.2f"
            + " max=%.2f cpu=%.2f us_per_packet=%.2f%n",
        streams,
        sent.get(),
        r,
        sent.get() - r,
        refused.get(),
        sent.get() / elapsed,
        percentile(0.50),
        percentile(0.99),
        percentile(1.0),
        cpuSeconds,
        r == 0 ? 0.0 : cpuSeconds * 1e6 / r);
    teardown(ours, control, calls);
  }

  /** Every leg speaks, 50 packets/s, spread evenly over each 20 ms. */
  private static void play(List<Leg> legs, int seconds, ByteBuffer out, boolean counted)
      throws Exception {
    long start = System.nanoTime();
    long ticks = seconds * 1_000_000_000L / TICK;
    for (long k = 0; k < ticks; k++) {
      for (int j = 0; j < legs.size(); j++) {
        long due = start + k * TICK + j * TICK / legs.size();
        long wait = due - System.nanoTime();
        if (wait > 20_000) {
          LockSupport.parkNanos(wait);
        }
        send(legs.get(j), out, counted);
      }
    }
  }

  private static void send(Leg leg, ByteBuffer out, boolean counted) throws Exception {
    byte[] rtp = new byte[PACKET];
    int seq = ++leg.seq;
    rtp[0] = (byte) 0x80;
    rtp[2] = (byte) (seq >> 8);
    rtp[3] = (byte) seq;
    ByteBuffer.wrap(rtp).putInt(4, seq * 160).putInt(8, leg.ssrc).putLong(12, System.nanoTime());
    rtp[20] = (byte) (counted ? 1 : 0);
    out.clear();
    if (leg.srtp != null) {
      SrtpSession.Packet p = SrtpSession.Packet.copyOf(rtp, rtp.length);
      leg.srtp.protect(p);
      out.put(p.getBuffer(), p.getOffset(), p.getLength());
    } else {
      out.put(rtp);
    }
    out.flip();
    leg.channel.send(out, leg.relay);
    if (counted) {
      sent.incrementAndGet();
    }
  }

  private static void receive(Selector selector) {
    ByteBuffer in = ByteBuffer.allocate(2048);
    try {
      while (true) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          Leg leg = (Leg) key.attachment();
          InetSocketAddress from;
          while ((from = (InetSocketAddress) leg.channel.receive(in.clear())) != null) {
            in.flip();
            if (Stun.isStun(in)) {
              if (Stun.type(in) == 0x0001) { // the relay's consent check: answer it
                leg.channel.send(Stun.success(Stun.transaction(in), from, leg.password), from);
              }
              continue;
            }
            long now = System.nanoTime();
            byte[] data;
            if (leg.srtp != null) {
              SrtpSession.Packet p = SrtpSession.Packet.copyOf(in.array(), in.limit());
              if (!leg.srtp.unprotect(p)) {
                refused.incrementAndGet();
                continue;
              }
              data = p.bytes();
            } else {
              data = new byte[in.limit()];
              in.get(data);
            }
            if (data[20] != 1) {
              continue; // the warm-up's
            }
            long micros = (now - ByteBuffer.wrap(data).getLong(12)) / 1000;
            latency[(int) Math.min(latency.length - 1, Math.max(0, micros / 10))]++;
            received.incrementAndGet();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (Exception e) {
      System.err.println("receiver: " + e);
    }
  }

  private static double percentile(double q) {
    long total = 0;
    for (long c : latency) {
      total += c;
    }
    long want = (long) Math.ceil(total * q);
    long seen = 0;
    for (int i = 0; i < latency.length; i++) {
      seen += latency[i];
      if (seen >= want && want > 0) {
        return (i + 1) / 100.0; // ms
      }
    }
    return 0;
  }

  private static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
  }

  // --- webphone: browsers through RelayServer ---

  private static final ThreadLocal<Control> CONTROL = new ThreadLocal<>();

  /** One control connection per set-up thread. */
  private static Control control(int port) throws IOException {
    Control c = CONTROL.get();
    if (c == null) {
      c = new Control(port);
      CONTROL.set(c);
    }
    return c;
  }

  static final class Control {
    final Socket socket;
    final BufferedReader in;
    final PrintWriter out;

    Control(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    String ask(String line) throws IOException {
      out.println(line);
      String answer = in.readLine();
      if (answer == null || !answer.startsWith("OK")) {
        throw new IOException("relay said " + answer);
      }
      return answer.length() > 3 ? answer.substring(3) : "";
    }

    String passTo(String from, String to, String kind, String sdp) throws IOException {
      Base64.Encoder e = Base64.getEncoder();
      String b =
          ask(
              "PASSTO " + from + " " + to + " " + kind + " "
                  + e.encodeToString(sdp.getBytes(StandardCharsets.UTF_8)));
      return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
    }

    String pass(String from, String to, String sdp) throws IOException {
      Base64.Encoder e = Base64.getEncoder();
      String b = ask("PASS " + from + " " + to + " " + e.encodeToString(sdp.getBytes(StandardCharsets.UTF_8)));
      return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
    }
  }

  private static Leg[] browsers(int port, int n) throws Exception {
    Control c = control(port);
    Leg a = new Leg(0x10000 + 2 * n);
    Leg b = new Leg(0x10001 + 2 * n);
    WebRtcSdp.Remote towardsB = WebRtcSdp.read(c.pass("a" + n, "b" + n, browserSdp(a, "actpass")));
    WebRtcSdp.Remote towardsA = WebRtcSdp.read(c.pass("b" + n, "a" + n, browserSdp(b, "active")));
    connect(a, towardsA);
    connect(b, towardsB);
    return new Leg[] {a, b};
  }

  /** A browser (a) calls a plain RTP phone (b) through our anchor. */
  private static Leg[] browserToPhone(int port, int n) throws Exception {
    Control c = control(port);
    Leg a = new Leg(0x10000 + 2 * n);
    Leg b = new Leg(0x10001 + 2 * n);
    String toB = c.passTo("a" + n, "b" + n, "phone", browserSdp(a, "actpass"));
    b.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), audioPort(toB));
    WebRtcSdp.Remote towardsA = WebRtcSdp.read(c.passTo("b" + n, "a" + n, "browser", plainSdp(b)));
    connect(a, towardsA);
    return new Leg[] {a, b};
  }

  /** The same call through rtpengine, bridging as a WebRTC gateway asks it to. */
  private static Leg[] browserToPhoneViaRtpengine(int port, int n) throws Exception {
    Leg a = new Leg(0x10000 + 2 * n);
    Leg b = new Leg(0x10001 + 2 * n);
    String callId = "bench-" + n;
    String toB =
        Ng.ask(
            port,
            Ng.dict(
                "command", "offer", "call-id", callId, "from-tag", "a" + n,
                "sdp", browserSdp(a, "actpass"), "transport-protocol", "RTP/AVP", "ICE", "remove",
                "rtcp-mux", Ng.list("demux")));
    String toA =
        Ng.ask(
            port,
            Ng.dict(
                "command", "answer", "call-id", callId, "from-tag", "a" + n, "to-tag", "b" + n,
                "sdp", plainSdp(b), "transport-protocol", "UDP/TLS/RTP/SAVPF", "ICE", "force",
                "DTLS", "passive", "rtcp-mux", Ng.list("require")));
    b.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), audioPort(toB));
    connect(a, WebRtcSdp.read(toA));
    return new Leg[] {a, b};
  }

  private static String browserSdp(Leg leg, String setup) {
    return String.join(
        "\r\n",
        "v=0",
        "o=- " + leg.ssrc + " 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
        "c=IN IP4 0.0.0.0",
        "a=ice-ufrag:" + leg.ufrag,
        "a=ice-pwd:" + leg.password,
        "a=fingerprint:sha-256 " + IDENTITY.fingerprint(),
        "a=setup:" + setup,
        "a=mid:0",
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=rtpmap:0 PCMU/8000",
        "a=ssrc:" + leg.ssrc + " cname:load",
        "a=candidate:1 1 udp 2130706431 127.0.0.1 " + leg.port + " typ host",
        "");
  }

  /** ICE (one nominating check, answering the relay's), then DTLS as the client, then SRTP. */
  private static void connect(Leg leg, WebRtcSdp.Remote relay) throws Exception {
    leg.relay = new InetSocketAddress(relay.candidates().get(0).address(), relay.candidates().get(0).port());
    byte[] id = Stun.newTransaction();
    ByteBuffer check = Stun.check(id, relay.ufrag(), leg.ufrag, relay.password());
    leg.channel.socket().setSoTimeout(50);
    long deadline = System.nanoTime() + 10_000_000_000L;
    byte[] buf = new byte[2048];
    boolean nominated = false;
    while (!nominated) {
      if (System.nanoTime() > deadline) {
        throw new IOException("ICE: no answer from the relay");
      }
      leg.channel.send(check.duplicate(), leg.relay);
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          leg.channel.socket().receive(p);
          ByteBuffer in = ByteBuffer.wrap(buf, 0, p.getLength());
          if (!Stun.isStun(in)) {
            continue;
          }
          if (Stun.type(in) == 0x0001) {
            leg.channel.send(
                Stun.success(Stun.transaction(in), (InetSocketAddress) p.getSocketAddress(), leg.password),
                p.getSocketAddress());
          } else if (Stun.type(in) == 0x0101 && java.util.Arrays.equals(Stun.transaction(in), id)) {
            nominated = true;
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        // retransmit
      }
    }
    leg.srtp = new SrtpSession(DtlsClient.connect(IDENTITY, relay.fingerprint(), new Transport(leg)));
  }

  /** DTLS over a leg's channel; STUN checks that arrive meanwhile are answered, not handed on. */
  static final class Transport implements DatagramTransport {
    private final Leg leg;

    Transport(Leg leg) {
      this.leg = leg;
    }

    @Override
    public int getReceiveLimit() {
      return 1500;
    }

    @Override
    public int getSendLimit() {
      return 1200;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
      long deadline = System.nanoTime() + waitMillis * 1_000_000L;
      byte[] b = new byte[2048];
      while (System.nanoTime() < deadline) {
        leg.channel.socket().setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        DatagramPacket p = new DatagramPacket(b, b.length);
        try {
          leg.channel.socket().receive(p);
        } catch (SocketTimeoutException e) {
          return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(b, 0, p.getLength());
        if (Stun.isStun(in)) {
          if (Stun.type(in) == 0x0001) {
            leg.channel.send(
                Stun.success(Stun.transaction(in), (InetSocketAddress) p.getSocketAddress(), leg.password),
                p.getSocketAddress());
          }
          continue;
        }
        int n = Math.min(len, p.getLength());
        System.arraycopy(b, 0, buf, off, n);
        return n;
      }
      return -1;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
      leg.channel.send(ByteBuffer.wrap(buf, off, len), leg.relay);
    }

    @Override
    public void close() {}
  }

  // --- rtpengine: plain RTP phones through its ng protocol ---

  private static Leg[] phones(int port, int n) throws Exception {
    Leg a = new Leg(0x10000 + 2 * n);
    Leg b = new Leg(0x10001 + 2 * n);
    String callId = "bench-" + n;
    String toB =
        Ng.ask(port, Ng.dict("command", "offer", "call-id", callId, "from-tag", "a" + n, "sdp", plainSdp(a)));
    String toA =
        Ng.ask(
            port,
            Ng.dict("command", "answer", "call-id", callId, "from-tag", "a" + n, "to-tag", "b" + n, "sdp", plainSdp(b)));
    b.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), audioPort(toB));
    a.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), audioPort(toA));
    return new Leg[] {a, b};
  }

  private static String plainSdp(Leg leg) {
    return String.join(
        "\r\n",
        "v=0",
        "o=- " + leg.ssrc + " 1 IN IP4 127.0.0.1",
        "s=-",
        "c=IN IP4 127.0.0.1",
        "t=0 0",
        "m=audio " + leg.port + " RTP/AVP 0",
        "a=rtpmap:0 PCMU/8000",
        "a=sendrecv",
        "");
  }

  private static int audioPort(String sdp) throws IOException {
    Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
    if (!m.find()) {
      throw new IOException("no audio port in " + sdp);
    }
    return Integer.parseInt(m.group(1));
  }

  private static void teardown(boolean ours, int port, List<Leg[]> calls) throws Exception {
    for (int n = 0; n < calls.size(); n++) {
      if (ours) {
        control(port).ask("RELEASE a" + n + " b" + n);
      } else {
        Ng.ask(port, Ng.dict("command", "delete", "call-id", "bench-" + n, "from-tag", "a" + n));
      }
      for (Leg leg : calls.get(n)) {
        leg.channel.close();
      }
    }
  }
}
