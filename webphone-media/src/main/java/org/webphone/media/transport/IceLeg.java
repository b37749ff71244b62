package org.webphone.media.transport;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.jitsi.utils.logging2.LoggerImpl;
import org.webphone.media.srtp.SrtpSession;

/**
 * Full ICE (RFC 8445) for one leg, with ice4j: one agent, one audio stream, one component (RTP and
 * RTCP share it, RFC 5761), whose candidates come from the process's single-port harvester (every
 * leg on one UDP port, as jitsi-videobridge does; ice4j has no ICE-lite). The browser always
 * checks, so a single-port candidate that only answers is enough (ARCHITECTURE.md).
 *
 * <p>Threading: set up on one thread; ice4j runs the checks on its own threads; {@link #connect}
 * waits for them.
 */
public final class IceLeg implements AutoCloseable {
  /** A peer's candidate as SDP gives it (RFC 8839 §5.1), host or server-reflexive. */
  public record Candidate(
      String foundation, long priority, String address, int port, String type) {}

  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;

  /**
   * @param harvester the process's single-port harvester (shared by every leg)
   * @param controlling true when we sent the offer (RFC 8445 §6.1.1: the offerer controls)
   */
  public IceLeg(CandidateHarvester harvester, boolean controlling) throws IOException {
    // Under org.ice4j, so that the agent's chatter follows ice4j's level (MediaService).
    agent = new Agent(new LoggerImpl("org.ice4j.ice.Agent"));
    agent.setUseDynamicPorts(false); // no port per leg: the shared harvester's one port
    agent.addCandidateHarvester(harvester);
    agent.setControlling(controlling);
    stream = agent.createMediaStream("audio");
    component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
  }

  public String ufrag() {
    return agent.getLocalUfrag();
  }

  public String password() {
    return agent.getLocalPassword();
  }

  /** Our candidates, for SDP. */
  public List<Candidate> candidates() {
    List<Candidate> list = new ArrayList<>();
    for (LocalCandidate c : component.getLocalCandidates()) {
      TransportAddress a = c.getTransportAddress();
      list.add(
          new Candidate(
              c.getFoundation(),
              c.getPriority(),
              a.getHostAddress(),
              a.getPort(),
              c.getType() == CandidateType.HOST_CANDIDATE ? "host" : c.getType().toString()));
    }
    return list;
  }

  /** The peer's ICE credentials and candidates, from its SDP. */
  public void remote(String ufrag, String password, List<Candidate> candidates) {
    stream.setRemoteUfrag(ufrag);
    stream.setRemotePassword(password);
    for (Candidate c : candidates) {
      component.addRemoteCandidate(
          new RemoteCandidate(
              new TransportAddress(c.address(), c.port(), Transport.UDP),
              component,
              "host".equals(c.type())
                  ? CandidateType.HOST_CANDIDATE
                  : CandidateType.SERVER_REFLEXIVE_CANDIDATE,
              c.foundation(),
              c.priority(),
              null));
    }
  }

  /**
   * Runs the connectivity checks.
   *
   * @return true when a pair was selected within {@code timeout}
   */
  public boolean connect(Duration timeout) throws InterruptedException {
    try {
      return checks().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return connected();
    }
  }

  /**
   * Starts the connectivity checks without waiting for them: the future completes on ice4j's
   * thread, true once a pair was selected, false when the checks failed. A server leg must not hold
   * a thread while a browser takes its time (a burst of calls would starve the pool).
   */
  public CompletableFuture<Boolean> checks() {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    agent.addStateChangeListener(
        (PropertyChangeEvent e) -> {
          Object state = e.getNewValue();
          if (state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED) {
            done.complete(true);
          } else if (state == IceProcessingState.FAILED) {
            done.complete(false);
          }
        });
    if (connected()) {
      done.complete(true);
    } else {
      agent.startConnectivityEstablishment();
    }
    return done;
  }

  /** True once a pair was selected (the checks completed). */
  public boolean connected() {
    IceProcessingState s = agent.getState();
    return s == IceProcessingState.COMPLETED || s == IceProcessingState.TERMINATED;
  }

  /** The selected pair's peer address, once connected. */
  public InetSocketAddress peer() {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      throw new IllegalStateException("no ICE pair selected");
    }
    TransportAddress a = pair.getRemoteCandidate().getTransportAddress();
    return new InetSocketAddress(a.getAddress(), a.getPort());
  }

  /**
   * Where the peer's datagrams (all but STUN) go, on ice4j's receive thread: the single-port
   * harvester pushes them (its push API, as jitsi-videobridge uses it: no thread per leg).
   */
  public void onPacket(Consumer<SrtpSession.Packet> handler) {
    component.setBufferCallback(
        (Buffer b) -> {
          try {
            // The one copy a packet takes: out of ice4j's pooled buffer, with room for an SRTP
            // tag, so that the relay works on it in place.
            handler.accept(SrtpSession.Packet.copyOf(b.getBuffer(), b.getOffset(), b.getLength()));
          } finally {
            BufferPool.returnBuffer.invoke(b);
          }
        });
  }

  /**
   * The component's socket, for a peer whose candidates have sockets of their own (tests): those
   * are read, not pushed.
   */
  public java.net.DatagramSocket socket() {
    return component.getSocket();
  }

  /** Sends a datagram to the peer on the selected pair. */
  public void send(byte[] data, int offset, int length) throws IOException {
    component.send(data, offset, length);
  }

  @Override
  public void close() {
    agent.free();
  }
}
