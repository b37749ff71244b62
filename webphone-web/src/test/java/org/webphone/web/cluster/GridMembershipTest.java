package org.webphone.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application hears members leave its grid while it runs, and nothing once it has stopped: on a
 * shared server (Payara Server) the grid outlives a deployment, and a listener left behind would
 * call into the undeployed application. Three real Hazelcast members on loopback.
 */
class GridMembershipTest {
  private final String cluster = "membership-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final List<HazelcastInstance> members = new ArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(HazelcastInstance::shutdown);
  }

  @Test
  void theApplicationHearsAMemberLeaveWhileItRunsAndNothingAfterItStops() throws Exception {
    for (int i = 0; i < 3; i++) {
      ports.add(freePort());
    }
    HazelcastInstance server = member(0);
    HazelcastInstance other = member(1);
    HazelcastInstance third = member(2);
    GridMembership application = new GridMembership();
    application.grid = Optional.of(server);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    application.onMemberLeft(heard::add);

    String thirds = third.getCluster().getLocalMember().getUuid().toString();
    third.shutdown();
    assertEquals(thirds, heard.poll(30, TimeUnit.SECONDS), "the application hears it go");

    // The application is undeployed; the server and its grid run on.
    application.stopListening();
    BlockingQueue<String> server2 = new LinkedBlockingQueue<>();
    server
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {}

              @Override
              public void memberRemoved(MembershipEvent e) {
                server2.add(e.getMember().getUuid().toString());
              }
            });
    String others = other.getCluster().getLocalMember().getUuid().toString();
    other.shutdown();
    // The server's own listener hears it: the event was dispatched, to listeners there were then.
    assertEquals(others, server2.poll(30, TimeUnit.SECONDS));
    assertTrue(heard.isEmpty(), "the stopped application heard " + heard);
  }

  private HazelcastInstance member(int index) {
    Config config = new Config();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "jdk");
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(ports.get(index)).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    ports.forEach(p -> join.getTcpIpConfig().addMember("127.0.0.1:" + p));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    members.add(member);
    return member;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
