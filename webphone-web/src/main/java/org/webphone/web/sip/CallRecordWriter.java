package org.webphone.web.sip;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.account.DatabaseOutage;
import org.webphone.history.CallHistoryService;
import org.webphone.history.CallJournal;
import org.webphone.history.CallRecord;
import org.webphone.sip.call.CallLog;

/**
 * Makes each call detail record durable when its call ends, then writes records to the database in
 * batches, one transaction per batch, on one thread of its own.
 *
 * <p>Durable first: {@link #ended} returns once the record is forced to the node's journal ({@link
 * CallJournal}, in {@code <data>/journal}), and the B2BUA sends the call's final answer only after
 * it; a crash at any later moment loses no record, and the next start writes what the database had
 * not got yet, each record once (by its key).
 *
 * <p>Batched after: one transaction per call, each handed to the managed executor, cost more CPU
 * than the B2BUA's own work for that call (Payara captures the application's context for every task
 * it is given, and scans the class path doing it). A record reaches the database within {@link
 * #MAX_DELAY_MILLIS} of its call's end, and {@code GET /api/history} shows it from then on.
 *
 * <p>The database away (stopped, restarting: {@link DatabaseOutage}): the writer keeps its batch
 * and tries again, 1 s later and then at most every {@link #MAX_RETRY_MILLIS}, while records queue
 * behind it; they are durable in the journal meanwhile, and reach the database, each once, when it
 * is back. It says so in the log once when the database goes and once when it comes back, not once
 * per record. A batch that fails for another reason is written record by record, and a row the
 * database refuses is lost as before (logged).
 *
 * <p>Threading: {@link #ended} is called on SIP threads; it waits for the journal's group commit
 * (one force for every record written meanwhile), never for the database, unless the queue is full
 * ({@value #CAPACITY} records while the database was away): then the record stays in the journal
 * only, for the next start. The writer thread comes from the server's managed thread factory, so it
 * can call the EJB.
 */
@ApplicationScoped
public class CallRecordWriter implements CallLog {
  static final int MAX_BATCH = 500;
  static final long MAX_DELAY_MILLIS = 200;
  static final long MAX_RETRY_MILLIS = 5_000;
  private static final int CAPACITY = 50_000;
  private static final Logger LOG = Logger.getLogger(CallRecordWriter.class.getName());

  @EJB CallHistoryService history;

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "webphone.data.dir")
  String dataDir;

  private CallJournal journal;
  private volatile String journalFailure; // the last append's failure, null once one works

  private final BlockingQueue<CallRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicInteger inHand = new AtomicInteger();
  private final LongAdder leftForNextStart = new LongAdder();
  private volatile Instant databaseAwaySince; // null while records reach the database
  private volatile boolean running;
  private Thread writer;

  /**
   * Made when the application starts, on a thread that carries its context: the first record may
   * come from a thread that does not (a media failure is reported on the JDK's timeout thread),
   * where the managed thread factory cannot be looked up.
   */
  void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.fine("call record writer ready");
  }

  @PostConstruct
  void start() {
    try {
      journal = new CallJournal(Path.of(dataDir, "journal"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "call-record journal in " + Path.of(dataDir, "journal") + " unusable: " + e, e);
    }
    running = true;
    writer = threads.newThread(this::drainLoop);
    writer.setName("webphone-call-records");
    writer.setDaemon(true);
    writer.start();
  }

  /** Since when records cannot reach the database, while they cannot. */
  public Optional<Instant> databaseAwaySince() {
    return Optional.ofNullable(databaseAwaySince);
  }

  /** Records ended and not yet in the database (journaled: they wait there). */
  public int waiting() {
    return queue.size() + inHand.get();
  }

  /** Records that found the queue full, left in the journal for the next start. */
  public long leftForNextStart() {
    return leftForNextStart.sum();
  }

  /** Why the last record could not be journaled, when it could not. */
  public Optional<String> journalFailure() {
    return Optional.ofNullable(journalFailure);
  }

  @Override
  public void ended(CallRecord record) {
    try {
      journal.append(record);
      journalFailure = null;
    } catch (IOException e) {
      // Disk full or read-only: the call goes on, and its record is kept as before, in memory;
      // readiness says so (DataFolderHealthCheck) until a record is journaled again.
      journalFailure = "call records cannot be journaled: " + e.getMessage();
      LOG.log(Level.SEVERE, "call record " + record.getCallId() + " not journaled: " + e, e);
    }
    if (queue.offer(record)) {
      return;
    }
    if (journalFailure == null) {
      // Journaled: the next start writes it. Not written here: the database has been away long
      // enough to fill the queue, and this is a SIP thread.
      leftForNextStart.increment();
      LOG.warning(
          () -> "call record " + record.getCallId() + " left in the journal for the next start");
    } else {
      write(List.of(record), false); // not journaled either: the database is its only copy
    }
  }

  /** What earlier runs journaled and the database may not have got: each record once. */
  private void replayEarlier() {
    try {
      List<CallRecord> pending = journal.pending();
      int added = 0;
      for (int i = 0; i < pending.size(); i += MAX_BATCH) {
        added += history.recordAllOnce(pending.subList(i, Math.min(pending.size(), i + MAX_BATCH)));
      }
      journal.storedPending();
      if (!pending.isEmpty()) {
        int written = added;
        LOG.info(
            () ->
                "call-record journal replayed: "
                    + pending.size()
                    + " records, "
                    + written
                    + " the database had not got");
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "call-record journal not replayed (kept for the next start)", e);
    }
  }

  private void drainLoop() {
    replayEarlier();
    List<CallRecord> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        CallRecord first = queue.poll(MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        inHand.set(batch.size());
        long retryMillis = 1_000;
        boolean again = false;
        while (!write(batch, again) && running) {
          waitForDatabase(retryMillis);
          retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
          again = true;
        }
      } catch (InterruptedException e) {
        // Only stop() ends the loop, after the queue is drained.
      } finally {
        batch.clear();
        inHand.set(0);
      }
    }
  }

  private void waitForDatabase(long millis) throws InterruptedException {
    synchronized (queue) {
      if (running) {
        queue.wait(millis); // stop() wakes it: the batch stays journaled for the next start
      }
    }
  }

  /**
   * One transaction for the batch; if it fails, each record on its own, so one bad row is lost.
   * Records stored let their journal segment go.
   *
   * @param again whether this batch was tried before: a commit whose answer the outage cut off may
   *     have stored it, so each record is stored only if its key is not there yet
   * @return false when the database is away: nothing stored, the batch is to be tried again
   */
  private boolean write(List<CallRecord> batch, boolean again) {
    try {
      store(batch, again);
      journal.stored(batch);
      databaseBack();
      return true;
    } catch (RuntimeException batchFailed) {
      if (DatabaseOutage.isCause(batchFailed)) {
        databaseAway(batchFailed);
        return false;
      }
      List<CallRecord> stored = new ArrayList<>();
      for (CallRecord r : batch) {
        try {
          store(List.of(r), again);
          stored.add(r);
        } catch (RuntimeException e) {
          if (DatabaseOutage.isCause(e)) {
            // Gone in the middle: what was stored is, the rest waits with the whole batch (the
            // database stores each record once, by its key, when it is tried again).
            journal.stored(stored);
            databaseAway(e);
            batch.removeAll(stored);
            return false;
          }
          LOG.log(
              Level.WARNING,
              "call record not stored: "
                  + r.getCallId()
                  + " "
                  + r.getCaller()
                  + " -> "
                  + r.getCallee(),
              e);
        }
      }
      // The others are bad rows, lost as before (logged above).
      journal.stored(batch);
      databaseBack();
      return true;
    }
  }

  private void store(List<CallRecord> records, boolean again) {
    if (again) {
      history.recordAllOnce(records);
    } else {
      history.recordAll(records);
    }
  }

  private void databaseAway(RuntimeException why) {
    if (databaseAwaySince == null) {
      databaseAwaySince = Instant.now();
      LOG.warning(
          "the database is away: call records wait in the journal and are written when it is"
              + " back ("
              + rootMessage(why)
              + ")");
    }
  }

  private void databaseBack() {
    Instant since = databaseAwaySince;
    if (since != null) {
      databaseAwaySince = null;
      LOG.info("the database is back (away since " + since + "): waiting call records written");
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @PreDestroy
  void stop() {
    running = false;
    synchronized (queue) {
      queue.notifyAll();
    }
    Thread w = writer;
    if (w != null) {
      try {
        w.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      journal.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "call-record journal not closed cleanly", e);
    }
  }
}
