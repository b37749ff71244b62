package org.webphone.media;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.dtls.DtlsIdentity;
import org.webphone.media.dtls.DtlsServer;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.LegSocket;
import org.webphone.media.transport.PeerLock;
import org.webphone.media.transport.RtpPorts;
import org.webphone.media.transport.TcpMedia;

/**
 * The media side of one node: its UDP port (every browser leg's ICE, DTLS and SRTP on it), its DTLS
 * identity, and a bounded pool for DTLS handshakes. Creates the legs a call anchors.
 *
 * <p>ice4j calls out by default (its AWS mapping harvester queries 169.254.169.254 at the first
 * agent, ARCHITECTURE.md): every mapping harvester is switched off before the first agent exists,
 * and a public address, when configured, is written into our candidates here instead.
 *
 * <p>Threading: any thread; ice4j and the handshake pool run their own threads, ended by {@link
 * #close}.
 */
public final class MediaService implements AutoCloseable {
  private final MediaConfig config;
  private final SinglePortUdpHarvester harvester;
  private final DtlsIdentity identity;
  private final ThreadPoolExecutor handshakes;
  private final TcpMedia tcp;
  private final RtpPorts rtp;
  private final java.util.concurrent.ScheduledExecutorService watch =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webphone-media-watch");
            t.setDaemon(true);
            return t;
          });
  private final String rtpAddress;
  private final LongSupplier ticker;

  public MediaService(MediaConfig config) throws IOException {
    this(config, System::nanoTime);
  }

  /**
   * A media service whose silence clock a test moves: {@code ticker} gives the monotonic
   * nanoseconds packets are heard at and the silence watch compares with (System::nanoTime live).
   */
  MediaService(MediaConfig config, LongSupplier ticker) throws IOException {
    this.ticker = ticker;
    this.config = config;
    requireFree(config);
    quietIce4j();
    // Read by the harvester's constructor (ice4j reference.conf: harvest.udp.receive-buffer-size).
    System.setProperty(
        "ice4j.harvest.udp.receive-buffer-size", Integer.toString(config.receiveBuffer()));
    this.harvester =
        new SinglePortUdpHarvester(
            new TransportAddress(config.bindAddress(), config.port(), Transport.UDP));
    this.identity = DtlsIdentity.generate(Duration.ofDays(365));
    this.tcp = config.tcpPort() == 0 ? null : new TcpMedia(config.bindAddress(), config.tcpPort());
    this.handshakes =
        new ThreadPoolExecutor(
            config.handshakeThreads(),
            config.handshakeThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.handshakeThreads() * 64),
            r -> {
              Thread t = new Thread(r, "webphone-dtls");
              t.setDaemon(true);
              return t;
            });
    handshakes.allowCoreThreadTimeOut(true);
    this.rtp =
        new RtpPorts(
            config.bindAddress(),
            config.rtpPortMin(),
            config.rtpPortMax(),
            config.rtpPortQuarantine(),
            System::nanoTime);
    this.rtpAddress = advertised(config);
  }

  /**
   * The address SIP phones send RTP to: the public address when there is one, else the bind
   * address, else (a wildcard bind) the first site-local address of an interface that is up. Never
   * looked up from outside (no DNS, no STUN).
   */
  private static String advertised(MediaConfig config) throws java.net.SocketException {
    if (config.publicAddress() != null) {
      return config.publicAddress();
    }
    java.net.InetAddress bind;
    try {
      bind = java.net.InetAddress.getByName(config.bindAddress()); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      return config.bindAddress();
    }
    if (!bind.isAnyLocalAddress()) {
      return config.bindAddress();
    }
    for (java.net.NetworkInterface n :
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (java.net.InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && a.isSiteLocalAddress()) {
          return a.getHostAddress();
        }
      }
    }
    return "127.0.0.1";
  }

  /** Now, in the monotonic nanoseconds of this service's clock. */
  long nanoTime() {
    return ticker.getAsLong();
  }

  /** How long a talking call may go without a packet from a leg. */
  Duration silenceTimeout() {
    return config.silenceTimeout();
  }

  /**
   * Runs {@code task} every {@code period} on the service's one watch thread (a task that throws is
   * logged, and runs again next time) until {@link #close}.
   */
  void every(Duration period, Runnable task) {
    watch.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            Logger.getLogger(MediaService.class.getName()).log(Level.WARNING, "media watch", e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** In-sequence packets that teach a phone's leg its source behind a NAT ({@link PeerLock}). */
  int rtpLatchPackets() {
    return config.rtpLatchPackets();
  }

  /** The RTP port pairs of SIP phones' and trunks' legs. */
  RtpPorts rtp() {
    return rtp;
  }

  /** The address written into the SDP we send SIP phones and trunks. */
  String rtpAddress() {
    return rtpAddress;
  }

  /**
   * ice4j logs every leg's life (gathering, state changes, sockets closed) at INFO: thousands of
   * lines a minute on a busy node. WARNING unless the operator set a level for it. Held here:
   * java.util.logging keeps loggers only weakly.
   */
  private static final Logger ICE4J = Logger.getLogger("org.ice4j");

  /**
   * ice4j binds with SO_REUSEADDR: a second node (or a leaked socket) on the same port would bind
   * too and silently take part of the traffic. A plain bind first fails as it should.
   */
  private static void requireFree(MediaConfig config) throws IOException {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "UDP " + config.bindAddress() + ":" + config.port() + " is in use: " + e.getMessage());
    }
  }

  /** Before any ice4j agent: no mapping harvester, no outside lookups, the push API. */
  private static void quietIce4j() {
    if (ICE4J.getLevel() == null) {
      ICE4J.setLevel(Level.WARNING);
    }
    // STUN mapping addresses are an empty list by default (reference.conf); a system property
    // could only set them as a string, which ice4j refuses.
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    AbstractUdpListener.USE_PUSH_API = true;
  }

  public DtlsIdentity identity() {
    return identity;
  }

  /** The ICE-TCP candidate's listener, or null when there is none. */
  TcpMedia tcp() {
    return tcp;
  }

  /**
   * A new leg on the node's port.
   *
   * @param controlling true when we send the offer on it
   */
  public IceLeg newLeg(boolean controlling) throws IOException {
    return new IceLeg(harvester, controlling);
  }

  /** Our candidates for {@code leg} as the peer must see them (the public address, if any). */
  public List<IceLeg.Candidate> candidates(IceLeg leg) {
    String pub = config.publicAddress();
    return leg.candidates().stream()
        .map(
            c ->
                pub == null
                    ? c
                    : new IceLeg.Candidate(c.foundation(), c.priority(), pub, c.port(), c.type()))
        .toList();
  }

  /**
   * Connects {@code leg} by ICE, then accepts the browser's DTLS handshake on it (we answered its
   * offer: passive, RFC 5763), on the handshake pool.
   *
   * @param peerFingerprint the browser's sha-256 fingerprint from its SDP
   * @return the leg's SRTP keys; fails when ICE or DTLS did not complete in time
   */
  public CompletableFuture<SrtpKeys> accept(IceLeg leg, LegSocket socket, String peerFingerprint) {
    return secure(leg, socket, peerFingerprint, true, new CompletableFuture<>());
  }

  /**
   * Connects {@code leg} by ICE (holding no thread meanwhile), then runs DTLS on it in the role the
   * offer and answer left us (RFC 5763 §5: server when the peer is active, client when it is
   * passive), on the handshake pool.
   */
  public CompletableFuture<SrtpKeys> secure(
      IceLeg leg,
      LegSocket socket,
      String peerFingerprint,
      boolean server,
      CompletableFuture<Boolean> overTcp) {
    long timeout = config.handshakeTimeout().toMillis();
    // Connected once either path is: UDP checks that failed may still be outrun by TCP.
    CompletableFuture<Boolean> connected = new CompletableFuture<>();
    leg.checks()
        .thenAccept(
            ok -> {
              if (ok) {
                connected.complete(true);
              }
            });
    overTcp.thenAccept(connected::complete);
    return connected
        .orTimeout(timeout, TimeUnit.MILLISECONDS)
        .thenApplyAsync(
            ok -> {
              try {
                return server
                    ? DtlsServer.accept(identity, peerFingerprint, socket.dtls())
                    : DtlsClient.connect(identity, peerFingerprint, socket.dtls());
              } catch (IOException e) {
                throw new IllegalStateException("DTLS failed: " + e.getMessage(), e);
              }
            },
            handshakes)
        .orTimeout(timeout * 2, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs ICE again on a leg whose peer restarted it (RFC 8445 §9), holding no thread; the leg's
   * DTLS association and SRTP keys stay as they are.
   */
  public CompletableFuture<Boolean> reconnect(IceLeg leg) {
    return leg.checks()
        .completeOnTimeout(false, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    handshakes.shutdownNow();
    watch.shutdownNow();
    harvester.close();
    rtp.close();
    if (tcp != null) {
      tcp.close();
    }
  }
}
