package org.webphone.web.sip;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.history.CallHistoryService;
import org.webphone.history.CallRecord;
import org.webphone.sip.call.CallLog;

/**
 * Writes call detail records in batches, one transaction per batch, on one thread of its own.
 *
 * <p>Why: one transaction per call, each handed to the managed executor, cost more CPU than the
 * B2BUA's own work for that call (Payara captures the application's context for every task it is
 * given, and scans the class path doing it). A record reaches the database within {@link
 * #MAX_DELAY_MILLIS} of its call's end, and {@code GET /api/history} shows it from then on.
 *
 * <p>Threading: {@link #ended} is called on SIP threads and never waits for the database, unless
 * the queue is full (the database has been away for a while): then the caller writes its own
 * record, which slows calls down rather than losing records. The writer thread comes from the
 * server's managed thread factory, so it can call the EJB.
 */
@ApplicationScoped
public class CallRecordWriter implements CallLog {
  static final int MAX_BATCH = 500;
  static final long MAX_DELAY_MILLIS = 200;
  private static final int CAPACITY = 50_000;
  private static final Logger LOG = Logger.getLogger(CallRecordWriter.class.getName());

  @EJB CallHistoryService history;

  @Resource ManagedThreadFactory threads;

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
    running = true;
    writer = threads.newThread(this::drainLoop);
    writer.setName("webphone-call-records");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void ended(CallRecord record) {
    if (!queue.offer(record)) {
      write(List.of(record));
    }
  }

  private void drainLoop() {
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

  /** One transaction for the batch; if it fails, each record on its own, so one bad row is lost. */
  private void write(List<CallRecord> batch) {
    try {
      history.recordAll(batch);
    } catch (RuntimeException batchFailed) {
      for (CallRecord r : batch) {
        try {
          history.recordAll(List.of(r));
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
  }
}
