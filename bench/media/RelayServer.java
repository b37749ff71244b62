import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.webphone.media.Anchor;
import org.webphone.media.MediaConfig;
import org.webphone.media.MediaService;
import org.webphone.media.NotAcceptableException;

/**
 * WebPhone's media anchor in a process of its own, for bench/media.sh: the same MediaService and
 * Anchor the call servlet uses (one UDP port, ice4j, DTLS-SRTP, the relay), with the call servlet
 * replaced by a line protocol on a loopback TCP port, so that the load generator can set up calls
 * without SIP and the relay's CPU is the only CPU this process spends while media flows.
 *
 * <pre>
 *   PASS from to BASE64-SDP  →  OK BASE64-SDP | ERR reason     (Anchor.pass, between browsers)
 *   PASSTO from to browser|phone BASE64-SDP  →  the same, {@code to} a browser or a SIP phone
 *   RELEASE leg leg ...      →  OK                             (Anchor.release)
 * </pre>
 *
 * Usage: RelayServer MEDIA_PORT CONTROL_PORT
 */
public final class RelayServer {
  public static void main(String[] args) throws Exception {
    int mediaPort = Integer.parseInt(args[0]);
    int controlPort = Integer.parseInt(args[1]);
    // Phones' legs take their RTP ports from 40000 up: rtpengine's range (30000-65000) is not in
    // use while this runs, and the load generator's own ports are the kernel's ephemeral ones.
    MediaService media =
        new MediaService(
            new MediaConfig("127.0.0.1", mediaPort, null, 4, Duration.ofSeconds(10))
                .withRtpPorts(40000, 49999));
    Anchor<String> anchor = new Anchor<>(media);
    try (ServerSocket control =
        new ServerSocket(controlPort, 50, InetAddress.getLoopbackAddress())) {
      System.out.println("relay ready on udp 127.0.0.1:" + mediaPort);
      while (true) {
        Socket s = control.accept();
        Thread t = new Thread(() -> serve(s, anchor), "control");
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private static void serve(Socket s, Anchor<String> anchor) {
    Base64.Decoder in = Base64.getDecoder();
    Base64.Encoder out = Base64.getEncoder();
    try (s;
        BufferedReader r =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(" ");
        if (f[0].equals("PASS")) {
          try {
            String sdp = new String(in.decode(f[3]), StandardCharsets.UTF_8);
            String answer = anchor.pass(f[1], f[2], sdp);
            w.println("OK " + out.encodeToString(answer.getBytes(StandardCharsets.UTF_8)));
          } catch (NotAcceptableException e) {
            w.println("ERR " + e.getMessage());
          }
        } else if (f[0].equals("PASSTO")) {
          try {
            String sdp = new String(in.decode(f[4]), StandardCharsets.UTF_8);
            String answer = anchor.pass(f[1], f[2], f[3].equals("browser"), sdp);
            w.println("OK " + out.encodeToString(answer.getBytes(StandardCharsets.UTF_8)));
          } catch (NotAcceptableException e) {
            w.println("ERR " + e.getMessage());
          }
        } else if (f[0].equals("STATS")) {
          var st = anchor.stats();
          w.println("OK relayed=" + st.relayed() + " refused=" + st.refused() + " unsent=" + st.unsent());
        } else if (f[0].equals("RELEASE")) {
          anchor.release(Arrays.asList(f).subList(1, f.length));
          w.println("OK " + anchor.legs());
        } else {
          w.println("ERR unknown command");
        }
      }
    } catch (Exception e) {
      System.err.println("control connection: " + e);
    }
  }
}
