package org.webphone.web.phonebook;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.webphone.phonebook.PhonebookChanged;
import org.webphone.sip.profile.PhonebookNotifier;
import org.webphone.web.cluster.DataGrid;

/**
 * Carries committed phonebook changes to the subscribed phones of every node. A change is saved on
 * one node; the phones it concerns may hold their connections to any node. So the change is written
 * to a small cache of the data grid ({@code webphone-phonebook-changes}: customer → a counter), and
 * every node listens to that cache and notifies the phones connected to it. Without a data grid (no
 * {@link CacheManager}), this node's phones are notified directly.
 *
 * <p>After success only: a change that rolled back (a refused number) notifies nobody. Threading:
 * the observer runs on the committing thread; listener events arrive on the grid's threads and are
 * handed to the server's managed executor, which carries this application's context.
 */
@ApplicationScoped
public class PhonebookPush {
  private static final Logger LOG = Logger.getLogger(PhonebookPush.class.getName());
  static final String CHANGES_CACHE = "webphone-phonebook-changes";

  @Inject PhonebookNotifier notifier;

  @Inject DataGrid grid;

  @Resource ManagedExecutorService executor;

  private final AtomicLong sequence = new AtomicLong();
  private volatile Cache<Long, Long> changes;
  private volatile MutableCacheEntryListenerConfiguration<Long, Long> listening;

  /**
   * This application's instance once the SIP side runs. Before, no phone can have subscribed; and a
   * change committed then (the demo seeding at the first start) must not create this bean from the
   * transaction's completion, where the server has no invocation context to inject its resources
   * in: hence a static observer that needs no instance. One per class loader, so one per deployment
   * of the application.
   */
  private static volatile PhonebookPush running;

  /**
   * Called once the SIP side runs (by {@link org.webphone.web.sip.SipContainerService}): from now
   * on, listen.
   */
  public void start() {
    running = this;
    if (grid.caches().isEmpty()) {
      LOG.info("no data grid: phonebook changes notify this node's phones only");
      return;
    }
    CacheManager cm = grid.caches().get();
    Cache<Long, Long> cache = cm.getCache(CHANGES_CACHE, Long.class, Long.class);
    if (cache == null) {
      cache =
          cm.createCache(
              CHANGES_CACHE,
              new MutableConfiguration<Long, Long>().setTypes(Long.class, Long.class));
    }
    Listener listener = new Listener(this::notifyLocally);
    MutableCacheEntryListenerConfiguration<Long, Long> configuration =
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(listener), null, false, false);
    cache.registerCacheEntryListener(configuration);
    listening = configuration;
    changes = cache;
  }

  /**
   * Stops listening (the application stops). On a shared server the grid outlives the application:
   * a listener left behind would keep the undeployed application's classes, and each redeployment
   * would add one more.
   */
  @PreDestroy
  void stop() {
    if (running == this) {
      running = null;
    }
    Cache<Long, Long> c = changes;
    MutableCacheEntryListenerConfiguration<Long, Long> l = listening;
    changes = null;
    listening = null;
    if (c != null && l != null) {
      try {
        c.deregisterCacheEntryListener(l);
      } catch (IllegalStateException e) {
        LOG.fine("the changes cache is closed already: " + e); // the run command's stop
      }
    }
  }

  static void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PhonebookChanged change) {
    PhonebookPush push = running;
    if (push != null) {
      push.publish(change);
    }
  }

  private void publish(PhonebookChanged change) {
    Cache<Long, Long> c = changes;
    if (c == null) {
      notifier.phonebookChanged(change.customerId());
    } else {
      // Any new value is an update event on every node, this one included.
      c.put(change.customerId(), sequence.incrementAndGet() ^ System.nanoTime());
    }
  }

  private void notifyLocally(long customerId) {
    executor.execute(() -> notifier.phonebookChanged(customerId));
  }

  /**
   * Hears every node's changes. Serializable because JCache factories must be, and the grid may
   * copy a listener's configuration to other members: a copy has no action (it is transient) and
   * ignores what it hears, since each member registers its own listener.
   */
  static final class Listener
      implements CacheEntryCreatedListener<Long, Long>,
          CacheEntryUpdatedListener<Long, Long>,
          Serializable {
    private static final long serialVersionUID = 1L;
    private final transient java.util.function.LongConsumer onChange;

    Listener(java.util.function.LongConsumer onChange) {
      this.onChange = onChange;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends Long, ? extends Long>> events) {
      heard(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends Long, ? extends Long>> events) {
      heard(events);
    }

    private void heard(Iterable<CacheEntryEvent<? extends Long, ? extends Long>> events) {
      if (onChange != null) {
        events.forEach(e -> onChange.accept(e.getKey()));
      }
    }
  }
}
