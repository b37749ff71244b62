package org.webphone.media.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.media.MediaConfig;
import org.webphone.media.srtp.SrtpSession;

/**
 * The node's RTP ports for SIP phones and trunks: an even port for RTP and the next for RTCP (RFC
 * 3550 §11) per leg, from the configured range, and one thread that reads them all (a selector: a
 * thread per leg would cost thousands of threads on a busy node).
 *
 * <p>Threading: {@link #open} and {@link Pair#close} from any thread; receivers are called on the
 * one "webphone-rtp" thread, for every port (so one leg's RTP and RTCP receivers never run at
 * once), and must not block.
 */
public final class RtpPorts implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RtpPorts.class.getName());

  /**
   * Hears the datagrams of one port. The packet's buffer is the reader's own and is used again for
   * the next datagram once this returns: a receiver that keeps a packet copies it (the relay works
   * on it in place and sends it before it returns; its TCP path copies into a frame).
   */
  @FunctionalInterface
  public interface Receiver {
    void received(SrtpSession.Packet packet, InetSocketAddress from);
  }

  /** One leg's two ports. */
  public final class Pair implements AutoCloseable {
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final int port;
    private final AtomicBoolean released = new AtomicBoolean();

    private Pair(DatagramChannel rtp, DatagramChannel rtcp, int port) {
      this.rtp = rtp;
      this.rtcp = rtcp;
      this.port = port;
    }

    public int port() {
      return port;
    }

    public void sendRtp(byte[] data, int offset, int length, SocketAddress to) throws IOException {
      rtp.send(ByteBuffer.wrap(data, offset, length), to);
    }

    public void sendRtcp(byte[] data, int offset, int length, SocketAddress to) throws IOException {
      rtcp.send(ByteBuffer.wrap(data, offset, length), to);
    }

    /** Closes both ports; the pair rests before another leg gets it. Once: a second is ignored. */
    @Override
    public void close() {
      if (released.getAndSet(true)) {
        return; // the pair may be another leg's by now
      }
      quietly(rtp);
      quietly(rtcp);
      // A registered channel keeps its socket until the selector deregisters it (at its next
      // select): wake it, so that the ports go back to the range now.
      selector.wakeup();
      pairs.release(port);
    }
  }

  private final String bindAddress;
  private final int min;
  private final int max;
  private final PortPairs pairs;
  private final Selector selector;
  private final Thread reader;
  private final Queue<Runnable> registrations = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /**
   * Ports of {@code min}-{@code max}, a released pair resting {@link
   * MediaConfig#DEFAULT_RTP_PORT_QUARANTINE} on the system's monotonic clock.
   *
   * @param min the first RTP port (even)
   * @param max the last port of the range (RTCP of the last pair at most)
   */
  public RtpPorts(String bindAddress, int min, int max) throws IOException {
    this(bindAddress, min, max, MediaConfig.DEFAULT_RTP_PORT_QUARANTINE, System::nanoTime);
  }

  /**
   * @param quarantine how long a released pair rests before another leg gets it
   * @param ticker monotonic nanoseconds for that rest (System::nanoTime; a test's own)
   */
  public RtpPorts(String bindAddress, int min, int max, Duration quarantine, LongSupplier ticker)
      throws IOException {
    this.bindAddress = bindAddress;
    this.min = min;
    this.max = max;
    this.pairs = new PortPairs(min, max, quarantine, ticker);
    this.selector = Selector.open();
    this.reader = new Thread(this::run, "webphone-rtp");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Binds a pair of the range for a new leg: one at random among those not released lately ({@link
   * PortPairs}: a stranger cannot guess the next call's port, and late packets of the last call on
   * a port do not land in the next). A pair that something else holds is passed over, and tried
   * again after its rest.
   *
   * @throws BindException when every pair of the range is taken
   */
  public Pair open(Receiver rtp, Receiver rtcp) throws IOException {
    for (int tries = 0; tries < pairs.size(); tries++) {
      int port = pairs.take();
      if (port < 0) {
        break;
      }
      DatagramChannel a = null;
      DatagramChannel b = null;
      try {
        a = bind(port);
        b = a == null ? null : bind(port + 1);
      } catch (IOException e) {
        closeAll(a, b, port);
        throw e;
      }
      if (b == null) {
        closeAll(a, null, port);
        continue;
      }
      register(a, rtp);
      register(b, rtcp);
      return new Pair(a, b, port);
    }
    throw new BindException("no free RTP port pair in " + min + "-" + max);
  }

  private void closeAll(DatagramChannel a, DatagramChannel b, int port) {
    if (a != null) {
      quietly(a);
    }
    if (b != null) {
      quietly(b);
    }
    pairs.release(port);
  }

  private DatagramChannel bind(int port) throws IOException {
    DatagramChannel c = DatagramChannel.open();
    try {
      c.setOption(StandardSocketOptions.SO_REUSEADDR, false);
      c.bind(new InetSocketAddress(bindAddress, port));
      c.configureBlocking(false);
      return c;
    } catch (BindException e) {
      quietly(c);
      return null;
    }
  }

  private void register(DatagramChannel channel, Receiver receiver) {
    registrations.add(
        () -> {
          try {
            channel.register(selector, SelectionKey.OP_READ, receiver);
          } catch (ClosedChannelException e) {
            // closed before it was registered: a leg released at once
          }
        });
    selector.wakeup();
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    while (!closed) {
      try {
        selector.select();
        Runnable r;
        while ((r = registrations.poll()) != null) {
          r.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isReadable()) {
            drain((DatagramChannel) key.channel(), (Receiver) key.attachment(), buffer);
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "RTP reader: " + e, e); // one bad packet never ends the reader
        }
      }
    }
  }

  /**
   * Every datagram waiting on {@code channel}, handed on in the reader's buffer (no copy per
   * packet); the buffer's spare room takes the SRTP tag the relay may add.
   */
  private static void drain(DatagramChannel channel, Receiver receiver, ByteBuffer buffer) {
    for (int i = 0; i < 64; i++) { // a fair share before the next port's turn
      buffer.clear();
      SocketAddress from;
      try {
        from = channel.receive(buffer);
      } catch (IOException e) {
        return; // closed meanwhile, or an ICMP error from a port the peer no longer listens on
      }
      if (from == null) {
        return;
      }
      receiver.received(
          new SrtpSession.Packet(buffer.array(), 0, buffer.position()), (InetSocketAddress) from);
    }
  }

  private static void quietly(DatagramChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing an RTP port", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      reader.join(1000);
      selector.close();
    } catch (IOException | InterruptedException e) {
      LOG.log(Level.FINE, "closing the RTP reader", e);
    }
  }
}
