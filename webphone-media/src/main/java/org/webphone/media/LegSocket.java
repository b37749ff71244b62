package org.webphone.media;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One leg's datagrams, told apart by their first byte (RFC 7983 §7): DTLS records (20–63) wait in a
 * small queue for the handshake, whose retransmissions need a receive with a timeout; RTP and RTCP
 * (128–191) go to the media handler; anything else is dropped.
 *
 * <p>Threading: packets arrive on ice4j's receive thread; the handshake thread polls the queue.
 */
public final class LegSocket {
  private final IceLeg leg;
  private final BlockingQueue<byte[]> dtls = new ArrayBlockingQueue<>(64);
  private volatile Consumer<SrtpSession.Packet> media = packet -> {};

  public LegSocket(IceLeg leg) {
    this.leg = leg;
    leg.onPacket(this::received);
  }

  /** Where RTP and RTCP from the peer go, on ice4j's receive thread. */
  public void onMedia(Consumer<SrtpSession.Packet> handler) {
    this.media = handler;
  }

  /** The DTLS transport of this leg. */
  public LegTransport dtls() {
    return new LegTransport(this);
  }

  /** Sends a datagram to the peer. */
  public void send(byte[] data, int offset, int length) throws IOException {
    leg.send(data, offset, length);
  }

  /** The next DTLS record, or null after {@code waitMillis}. */
  byte[] nextDtls(long waitMillis) throws InterruptedException {
    return dtls.poll(waitMillis, TimeUnit.MILLISECONDS);
  }

  /** A datagram from the peer (ice4j's push, or a test's reader). */
  void received(SrtpSession.Packet packet) {
    int first = packet.getLength() > 0 ? packet.getBuffer()[packet.getOffset()] & 0xFF : -1;
    if (first >= 20 && first <= 63) {
      dtls.offer(packet.bytes()); // a full queue drops: DTLS retransmits
    } else if (first >= 128 && first <= 191) {
      media.accept(packet);
    }
  }
}
