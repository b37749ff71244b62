package org.webphone.web.cluster;

import com.hazelcast.cache.HazelcastCacheManager;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.operationexecutor.OperationExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheManager;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * This node's place in the data grid. A node of a cluster joins the grid as a lite member
 * (bin/hazelcast.xml), which owns no data, and becomes a data member here, once the application is
 * deployed.
 *
 * <p>Why: the grid joins when the server boots, some 20 s before the application is deployed. A
 * data member owns partitions from the moment it joins, and the application's updates (entry
 * processors: a registration, a call place) run on the member that owns the key; on a member
 * without the application they fail with ClassNotFoundException, so for those 20 s every other
 * node's registrations and calls failed for a share of the keys. A lite member takes partitions
 * only when it is promoted, and by then it has the classes.
 *
 * <p>Every member, lite or not, also makes its partition threads able to load the application's
 * classes ({@link #runsApplicationOperations}).
 *
 * <p>Outside Payara's Hazelcast (another JCache, or none) there is nothing to do.
 *
 * <p>It also tells the application of members that leave ({@link #onMemberLeft}).
 *
 * <p>Threading: {@link #becomeDataMember} and {@link #onMemberLeft} once, from the thread that
 * opens the SIP container; {@link #dataMembers} and {@link #localNodeId} on any thread.
 */
@ApplicationScoped
public class GridMembership {
  private static final Logger LOG = Logger.getLogger(GridMembership.class.getName());

  @Inject Instance<CacheManager> cacheManager;

  volatile Optional<HazelcastInstance> grid;

  /** The membership listeners this application added, removed when it stops. */
  private final List<UUID> listeners = new CopyOnWriteArrayList<>();

  /**
   * Promotes this member if it is a lite one; returns when the grid has taken it as a data member
   * (Hazelcast's promotion is synchronous: the partitions then rebalance in the background, each
   * migrated whole, so every operation finds its data on the old owner or the new one).
   */
  public void becomeDataMember() {
    Optional<HazelcastInstance> grid = grid();
    if (grid.isEmpty()) {
      return;
    }
    // Before it owns anything: the operations it will run must find the application's classes.
    runsApplicationOperations(grid.get(), Thread.currentThread().getContextClassLoader());
    Cluster cluster = grid.get().getCluster();
    if (!cluster.getLocalMember().isLiteMember()) {
      return;
    }
    cluster.promoteLocalLiteMember();
    LOG.info(
        "this node is now a data member of the grid ("
            + cluster.getMembers().size()
            + " members): the application's classes are deployed");
  }

  /**
   * Lets this member's partition threads, which run the entry processors other nodes send, load the
   * application's classes whoever serialized the operation.
   *
   * <p>Why: Payara's serializer writes the sending thread's application (its component id) before
   * each object, and the receiving member reads the object with that application's class loader. An
   * operation that Hazelcast sends again from its own threads (an owner lost or a partition
   * migrating: a member killed, hung or merging back) carries no application, and the receiver then
   * looks in the server's common class loader and in the thread's context class loader: the entry
   * processor's class is in neither, and the call fails with ClassNotFoundException on the node
   * that made it (seen in ClusterIT after a hung node merged back: a third of the calls and
   * registrations failed). With the application's class loader as the partition threads' context
   * class loader, the class is found.
   *
   * <p>Hazelcast's internal API (5.3, the version inside Payara 6): the operation executor of the
   * member. ClusterIT's failover stories fail without it.
   */
  static void runsApplicationOperations(HazelcastInstance hz, ClassLoader application) {
    if (!(hz instanceof HazelcastInstanceProxy proxy)) {
      LOG.warning(
          "the data grid is not Hazelcast's own instance ("
              + hz.getClass().getName()
              + "): operations resent after a member is lost may fail on this member");
      return;
    }
    OperationExecutor executor =
        proxy.getOriginal().node.getNodeEngine().getOperationService().getOperationExecutor();
    CountDownLatch pinned = new CountDownLatch(executor.getPartitionThreadCount());
    executor.executeOnPartitionThreads(
        () -> {
          Thread.currentThread().setContextClassLoader(application);
          pinned.countDown();
        });
    try {
      if (!pinned.await(10, TimeUnit.SECONDS)) {
        LOG.warning("the data grid's partition threads did not take the application's classes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Leaves the grid gracefully: Hazelcast migrates this member's entries to the others first, so
   * the cluster loses no registration or count (a drained node's last step, before it exits).
   */
  public void leave() {
    grid()
        .ifPresent(
            hz -> {
              LOG.info("leaving the data grid: its entries move to the other members first");
              hz.shutdown();
            });
  }

  /**
   * The data members this node sees in its grid, itself included (0 without a grid). A node cut
   * off, or paused past the failure detection and not yet merged back, sees fewer than the others.
   */
  public long dataMembers() {
    return grid()
        .map(g -> g.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).count())
        .orElse(0L);
  }

  /**
   * Whether this node is its grid's only member (false without a grid): on a shared server whose
   * grid outlives the application (a redeployment), what the grid holds was left by this node's
   * previous deployment, not by another node.
   */
  public boolean alone() {
    return grid().map(g -> g.getCluster().getMembers().size() == 1).orElse(false);
  }

  /** The member attribute that names a node for its lifetime (bin/hazelcast.xml). */
  static final String NODE_ATTRIBUTE = "webphone.node";

  /**
   * This node's name in the grid, new at each start, or empty without a grid. The member's own id
   * will not do: Hazelcast gives a member a new one when it merges back after a split, and a node
   * lost after that would not be known by the name its calls were marked with.
   */
  public String localNodeId() {
    return grid().map(g -> nodeIdOf(g.getCluster().getLocalMember())).orElse("");
  }

  /** A member's node name (bin/hazelcast.xml), or its member id where the grid has none. */
  static String nodeIdOf(Member member) {
    String named = member.getAttribute(NODE_ATTRIBUTE);
    return named == null || named.isBlank() ? member.getUuid().toString() : named;
  }

  /**
   * Tells {@code lost} the node name ({@link #localNodeId}) of each member that leaves the grid:
   * gracefully (a drain), or removed by failure detection (killed, hung, cut off:
   * bin/hazelcast.xml). Called on one of Hazelcast's event threads: {@code lost} should hand the
   * work on. Nothing happens without a grid.
   */
  public void onMemberLeft(Consumer<String> lost) {
    grid()
        .ifPresent(
            hz ->
                listeners.add(
                    hz.getCluster()
                        .addMembershipListener(
                            new MembershipListener() {
                              @Override
                              public void memberAdded(MembershipEvent e) {
                                // nothing to do: a new member has no calls yet
                              }

                              @Override
                              public void memberRemoved(MembershipEvent e) {
                                lost.accept(nodeIdOf(e.getMember()));
                              }
                            })));
  }

  /**
   * Removes the listeners this application added. On a shared server the grid outlives the
   * application: a listener left behind would keep the undeployed application's classes and call
   * into its stopped services at every membership change, once more per redeployment.
   */
  @PreDestroy
  void stopListening() {
    Optional<HazelcastInstance> g = grid;
    if (g == null || g.isEmpty()) {
      return;
    }
    for (UUID id : listeners) {
      try {
        g.get().getCluster().removeMembershipListener(id);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "the grid is gone with its listeners", e); // the run command's stop
      }
    }
    listeners.clear();
  }

  /** The Hazelcast instance behind the application's JCache, when there is one. */
  Optional<HazelcastInstance> grid() {
    Optional<HazelcastInstance> g = grid;
    if (g == null) {
      g = find();
      grid = g;
    }
    return g;
  }

  private Optional<HazelcastInstance> find() {
    if (!cacheManager.isResolvable()) {
      return Optional.empty();
    }
    CacheManager cm = cacheManager.get();
    try {
      return Optional.of(cm.unwrap(HazelcastCacheManager.class).getHazelcastInstance());
    } catch (IllegalArgumentException | LinkageError e) {
      LOG.log(Level.FINE, "the JCache provider is not Hazelcast: no grid membership to manage", e);
    }
    try {
      // Payara binds its instance here too (a CacheManager of its own may not unwrap).
      return Optional.of((HazelcastInstance) new InitialContext().lookup("payara/Hazelcast"));
    } catch (NamingException | ClassCastException e) {
      LOG.log(Level.FINE, "no Hazelcast instance in JNDI either", e);
      return Optional.empty();
    }
  }
}
