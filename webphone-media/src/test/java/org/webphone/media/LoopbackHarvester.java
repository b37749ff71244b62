package org.webphone.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate on 127.0.0.1 with a socket of its own, for the browser's side of a test: it
 * sends connectivity checks, as a browser does (a single-port candidate only answers them), and
 * ice4j's own host harvester skips loopback (ARCHITECTURE.md).
 */
final class LoopbackHarvester implements CandidateHarvester {
  private final HarvestStatistics statistics = new HarvestStatistics();

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    try {
      IceSocketWrapper socket =
          new IceUdpSocketWrapper(
              new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress()));
      HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
      component.addLocalCandidate(candidate);
      candidate.getStunStack().addSocket(candidate.getStunSocket(null));
      ComponentSocket merged = component.getComponentSocket();
      if (merged != null) {
        merged.add(socket);
      }
      return List.of(candidate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }
}
