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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * <p>Threading: {@link #ended} is called on SIP threads; it waits for the journal's group commit
 * (one force for every record written meanwhile), never for the database, unless the queue is full
 * (the database has been away for a while): then the caller writes its own record. The writer
 * thread comes from the server's managed thread factory, so it can call the EJB.
 */
@ApplicationScoped
public class CallRecordWriter implements CallLog {
  static final int MAX_BATCH = 500;
  static final long MAX_DELAY_MILLIS = 200;
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

  /** Why the last record could not be journaled, when it could not. */
  public java.util.Optional<String> journalFailure() {
    return java.util.Optional.ofNullable(journalFailure);
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
    if (!queue.offer(record)) {
      write(List.of(record));
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
        write(batch);
      } catch (InterruptedException e) {
        // Only stop() ends the loop, after the queue is drained.
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * One transaction for the batch; if it fails, each record on its own, so one bad row is lost.
   * Records stored let their journal segment go; when none of them can be stored (the database is
   * away) they stay journaled, for the next start.
   */
  private void write(List<CallRecord> batch) {
    try {
      history.recordAll(batch);
      journal.stored(batch);
    } catch (RuntimeException batchFailed) {
      List<CallRecord> stored = new ArrayList<>();
      for (CallRecord r : batch) {
        try {
          history.recordAll(List.of(r));
          stored.add(r);
        } catch (RuntimeException e) {
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
      // Some stored: the others are bad rows, lost as before. None: the database is away.
      journal.stored(stored.isEmpty() ? stored : batch);
    }
  }

  @PreDestroy
  void stop() {
    running = false;
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
