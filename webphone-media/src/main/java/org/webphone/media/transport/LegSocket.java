package org.webphone.media.transport;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.webphone.media.srtp.SrtpSession;

/**
 * One leg's datagrams, told apart by their first byte (RFC 7983 §7): DTLS records (20–63) wait in a
 * small queue for the handshake, whose retransmissions need a receive with a timeout; RTP and RTCP
 * (128–191) go to the media handler; anything else is dropped.
 *
 * <p>Threading: packets arrive on ice4j's receive thread; the handshake thread polls the queue;
 * {@link #use} may switch the agent from a SIP thread while packets flow.
 */
public final class LegSocket implements Wire {
  private volatile IceLeg leg;
  private volatile TcpMedia.Path tcp;
  private final BlockingQueue<byte[]> dtls = new ArrayBlockingQueue<>(64);
  private volatile Consumer<SrtpSession.Packet> media = packet -> {};
  private volatile boolean closed;

  public LegSocket(IceLeg leg) {
    use(leg);
  }

  /**
   * Carries the leg over {@code next} from now on, both ways: its datagrams come in here and what
   * we send goes out through it.
   */
  public void use(IceLeg next) {
    listen(next);
    sendVia(next);
  }

  /**
   * Takes the peer's datagrams from {@code next} too. After an ICE restart (RFC 8445 §9) media goes
   * on over the previously selected pair until the new checks select one: both agents deliver here
   * meanwhile, and DTLS and SRTP go on as they were (RFC 8842 §4).
   */
  public void listen(IceLeg next) {
    next.onPacket(this::received);
  }

  /** Sends through {@code next} from now on (a restart's new agent, once its checks completed). */
  public void sendVia(IceLeg next) {
    this.leg = next;
  }

  /** Where RTP and RTCP from the peer go, on ice4j's receive thread. */
  @Override
  public void onMedia(Consumer<SrtpSession.Packet> handler) {
    this.media = handler;
  }

  /** The DTLS transport of this leg. */
  public LegTransport dtls() {
    return new LegTransport(this);
  }

  /** Sends a datagram to the peer: on the ICE-TCP connection it nominated, else over UDP. */
  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    TcpMedia.Path path = tcp;
    if (path != null) {
      if (!path.send(data, offset, length)) {
        throw new IOException("the browser's TCP connection is not keeping up");
      }
    } else {
      leg.send(data, offset, length);
    }
  }

  /** The browser nominated our TCP candidate: its datagrams come and go over {@code path}. */
  public void overTcp(TcpMedia.Path path) {
    this.tcp = path;
  }

  /**
   * The next DTLS record, or null after {@code waitMillis}.
   *
   * @throws IOException once the leg is closed, so that a handshake still running ends at once
   */
  byte[] nextDtls(long waitMillis) throws InterruptedException, IOException {
    if (closed) {
      throw new IOException("media leg closed");
    }
    return dtls.poll(waitMillis, TimeUnit.MILLISECONDS);
  }

  /** The call let go of the leg: nothing more is received or handed on. */
  public void close() {
    closed = true;
    TcpMedia.Path path = tcp;
    if (path != null) {
      path.close();
    }
    media = packet -> {};
    dtls.clear();
  }

  /** A datagram from the peer (ice4j's push, or a test's reader). */
  public void received(SrtpSession.Packet packet) {
    if (closed) {
      return;
    }
    int first = packet.getLength() > 0 ? packet.getBuffer()[packet.getOffset()] & 0xFF : -1;
    if (first >= 20 && first <= 63) {
      dtls.offer(packet.bytes()); // a full queue drops: DTLS retransmits
    } else if (first >= 128 && first <= 191) {
      media.accept(packet);
    }
  }
}
