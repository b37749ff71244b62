package org.webphone.media;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * <p>Threading: one accepting thread, and one reading thread per connection (TCP is the fallback:
 * few legs use it). Sends come from the relay's threads and are serialized per connection; a peer
 * that stops reading blocks only the packets for it, up to the kernel's send buffer.
 */
public final class TcpMedia implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpMedia.class.getName());
  private static final int MAX_FRAME = 1500;

  /** A leg as the TCP candidate sees it. */
  interface Target {
    /** Our ICE password on the leg: checks must be signed with it (RFC 8445 §7.2.2). */
    String password();

    /** A browser nominated the pair on this connection: the leg's datagrams go over it now. */
    void nominated(Path path);

    /** A datagram from the browser, not STUN. */
    void received(SrtpSession.Packet packet);
  }

  /** One browser's connection, framed (RFC 4571). */
  public static final class Path implements AutoCloseable {
    private final SocketChannel channel;

    Path(SocketChannel channel) {
      this.channel = channel;
    }

    public synchronized void send(byte[] data, int offset, int length) throws IOException {
      ByteBuffer frame = ByteBuffer.allocate(2 + length);
      frame.putShort((short) length).put(data, offset, length).flip();
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }

    @Override
    public void close() {
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
  void register(String ufrag, Target target) {
    targets.put(ufrag, target);
  }

  void unregister(String ufrag) {
    targets.remove(ufrag);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        channel.socket().setTcpNoDelay(true);
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
    ByteBuffer length = ByteBuffer.allocate(2);
    try {
      while (true) {
        length.clear();
        fill(channel, length);
        int n = length.getShort(0) & 0xFFFF;
        if (n == 0 || n > MAX_FRAME) {
          throw new IOException("a frame of " + n + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(n);
        fill(channel, frame);
        frame.flip();
        if (Stun.isStun(frame)) {
          Target target = check(frame, channel, path);
          if (target != null && nominated == null && Stun.nominates(frame)) {
            nominated = target;
            target.nominated(path);
          }
        } else if (nominated != null) {
          nominated.received(SrtpSession.Packet.copyOf(frame.array(), n));
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "ICE-TCP connection ended: {0}", e.getMessage());
    } finally {
      path.close();
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

  private static void fill(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("closed by the peer");
      }
    }
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
