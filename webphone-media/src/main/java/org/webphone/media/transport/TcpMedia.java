package org.webphone.media.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.media.srtp.SrtpSession;

/**
 * Our ICE-TCP candidate (RFC 6544): a passive TCP port beside the UDP one, for browsers on networks
 * that let no UDP through. A browser connects, frames each datagram with a 16-bit length (RFC 4571)
 * and sends its checks; a check for one of our legs, signed with that leg's password, is answered,
 * and one that nominates makes the connection that leg's path: DTLS and SRTP then run over it as
 * they would over UDP.
 *
 * <p>Written here rather than with ice4j's TCP harvester, which leaves out loopback and wildcard
 * addresses (the embedded default binds 127.0.0.1) and hands data to a socket per component that
 * the relay would have to read with a thread of its own anyway.
 *
 * <p>Threading: one accepting thread, and a reading and a writing thread per connection (TCP is the
 * fallback: few legs use it). The relay's threads only queue what they send ({@link Path}). At most
 * {@value #MAX_CONNECTIONS} connections are open at once, and one silent for {@value
 * #SILENCE_MILLIS} ms is closed.
 */
public final class TcpMedia implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpMedia.class.getName());
  private static final int MAX_FRAME = 1500;

  /** Connections open at once; more are closed at once (each holds a thread). */
  private static final int MAX_CONNECTIONS = 1024;

  /**
   * How long a connection may stay silent: before its first check (a connection that says nothing
   * holds a thread for nothing), and afterwards (browsers check consent every few seconds, RFC
   * 7675: a minute of silence is a dead peer).
   */
  private static final int SILENCE_MILLIS = 30_000;

  /** A leg as the TCP candidate sees it. */
  public interface Target {
    /** Our ICE password on the leg: checks must be signed with it (RFC 8445 §7.2.2). */
    String password();

    /** A browser nominated the pair on this connection: the leg's datagrams go over it now. */
    void nominated(Path path);

    /** A datagram from the browser, not STUN. */
    void received(SrtpSession.Packet packet);
  }

  /**
   * One browser's connection, framed (RFC 4571). Sends are queued for a writer thread of the
   * connection's own: the relay must never wait for a browser that stops reading (it would stall
   * every call on the relay's thread); a full queue drops, as a full UDP buffer would.
   */
  public static final class Path implements AutoCloseable {
    private final SocketChannel channel;
    private final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(256);
    private final Thread writer;

    Path(SocketChannel channel) {
      this.channel = channel;
      this.writer = new Thread(this::write, "webphone-ice-tcp-writer");
      writer.setDaemon(true);
      writer.start();
    }

    /** Queues a datagram for the browser; false when the queue was full and it was dropped. */
    public boolean send(byte[] data, int offset, int length) {
      ByteBuffer frame = ByteBuffer.allocate(2 + length);
      frame.putShort((short) length).put(data, offset, length).flip();
      return queue.offer(frame);
    }

    private void write() {
      try {
        while (channel.isOpen()) {
          ByteBuffer frame = queue.take();
          while (frame.hasRemaining()) {
            channel.write(frame);
          }
        }
      } catch (IOException | InterruptedException e) {
        close();
      }
    }

    @Override
    public void close() {
      writer.interrupt();
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "closing an ICE-TCP connection", e);
      }
    }
  }

  private final ServerSocketChannel server;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final Thread acceptor;
  private final java.util.concurrent.atomic.AtomicInteger open =
      new java.util.concurrent.atomic.AtomicInteger();

  public TcpMedia(String bindAddress, int port) throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(bindAddress, port));
    acceptor = new Thread(this::accept, "webphone-ice-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  /** Checks whose USERNAME starts with {@code ufrag} (ours on a leg) are for {@code target}. */
  public void register(String ufrag, Target target) {
    targets.put(ufrag, target);
  }

  public void unregister(String ufrag) {
    targets.remove(ufrag);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
          open.decrementAndGet();
          channel.close();
          continue;
        }
        channel.socket().setTcpNoDelay(true);
        channel.socket().setSoTimeout(SILENCE_MILLIS);
        Thread reader = new Thread(() -> read(channel), "webphone-ice-tcp");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.log(Level.FINE, "ICE-TCP accept failed", e);
        }
      }
    }
  }

  /** Reads one connection until it closes; what it carries goes to the leg it nominated. */
  private void read(SocketChannel channel) {
    Path path = new Path(channel);
    Target nominated = null;
    try {
      // Read through the socket's stream: it honours SO_TIMEOUT, the channel does not.
      DataInputStream in = new DataInputStream(channel.socket().getInputStream());
      while (true) {
        int n = in.readUnsignedShort();
        if (n == 0 || n > MAX_FRAME) {
          throw new IOException("a frame of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        if (Stun.isStun(frame)) {
          Target target = check(frame, channel, path);
          if (target != null && nominated == null && Stun.nominates(frame)) {
            nominated = target;
            target.nominated(path);
          }
        } else if (nominated != null) {
          nominated.received(SrtpSession.Packet.copyOf(bytes, n));
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "ICE-TCP connection ended: {0}", e.getMessage());
    } finally {
      path.close();
      open.decrementAndGet();
    }
  }

  /** Answers a signed check for one of our legs; returns that leg, or null for anything else. */
  private Target check(ByteBuffer frame, SocketChannel channel, Path path) throws IOException {
    if (Stun.type(frame) != 0x0001) {
      return null; // an answer to nothing we asked, or an indication: ignored
    }
    String username = Stun.username(frame);
    int colon = username == null ? -1 : username.indexOf(':');
    Target target = colon < 0 ? null : targets.get(username.substring(0, colon));
    if (target == null || !Stun.verified(frame, target.password())) {
      return null; // RFC 8445 §7.3: unknown or badly signed checks get no answer from us
    }
    ByteBuffer answer =
        Stun.success(
            Stun.transaction(frame),
            (InetSocketAddress) channel.getRemoteAddress(),
            target.password());
    path.send(answer.array(), answer.position(), answer.remaining());
    return target;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the ICE-TCP port", e);
    }
  }
}
