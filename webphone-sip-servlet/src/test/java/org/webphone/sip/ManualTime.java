package org.webphone.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's time as a test drives it: a clock and a scheduler that move only when the test says
 * so. The B2BUA's timers (no answer, session timers, the grace for an ACK) are scheduled here, and
 * run when {@link #advance} passes their time, in order, on the test's thread; the clock reads the
 * time of the task that runs. A story that wants the wall clock for a while (one end-to-end story
 * per timer) asks for it with {@link #followWallClock}.
 *
 * <p>Threading: tasks may be scheduled from any thread (the SIP stack's); they run on the thread
 * that advances time, one at a time.
 */
final class ManualTime extends AbstractExecutorService implements ScheduledExecutorService {
  private final MutableClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private long now; // nanoseconds since this time was made
  private boolean shutdown;

  ManualTime(MutableClock clock) {
    this.clock = clock;
  }

  /** The clock that reads this time. */
  Clock clock() {
    return clock;
  }

  /** Moves time on by {@code d}, running each task that falls due on the way, in order. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > target) {
          moveTo(target);
          return;
        }
        queue.poll();
        moveTo(Math.max(now, next.due));
      }
      next.runAt(this);
      if (next.failure != null) {
        throw new AssertionError("a timer of the server's failed", next.failure);
      }
    }
  }

  private void moveTo(long nanos) {
    long before = now / 1_000_000;
    now = nanos;
    clock.advance(Duration.ofMillis(now / 1_000_000 - before));
  }

  /** Tasks waiting for their time (cancelled ones are gone). */
  synchronized int pending() {
    return queue.size();
  }

  /**
   * Waits (on the wall clock, up to {@code deadline}) until a task is due exactly {@code in} from
   * now: the server has started the timer the story is about (time stands still meanwhile, so its
   * due time is exact).
   */
  void awaitDue(Duration in, Duration deadline) throws TimeoutException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!hasDue(in.toNanos())) {
      if (System.nanoTime() > end) {
        throw new TimeoutException("no task due in " + in + "; " + pending() + " scheduled");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private synchronized boolean hasDue(long in) {
    for (Task<?> t : queue) {
      if (t.due == now + in) {
        return true;
      }
    }
    return false;
  }

  /**
   * From now until {@link AutoCloseable#close}, time follows the wall clock (advanced every few
   * milliseconds by what passed): the story runs as it would on a live server.
   */
  AutoCloseable followWallClock() {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    AtomicLong last = new AtomicLong(System.nanoTime());
    ticker.scheduleWithFixedDelay(
        () -> {
          long t = System.nanoTime();
          advance(Duration.ofNanos(t - last.getAndSet(t)));
        },
        5,
        5,
        TimeUnit.MILLISECONDS);
    return () -> {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    };
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(new Task<>(command, null, unit.toNanos(delay), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(new Task<>(callable, unit.toNanos(delay)));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(new Task<>(command, null, unit.toNanos(initialDelay), unit.toNanos(period)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(new Task<>(command, null, unit.toNanos(initialDelay), unit.toNanos(delay)));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  private synchronized <V> Task<V> add(Task<V> task) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("time has stopped");
    }
    task.due = now + task.delay;
    task.seq = sequence.incrementAndGet();
    queue.add(task);
    return task;
  }

  private synchronized void remove(Task<?> task) {
    queue.remove(task);
  }

  private synchronized void again(Task<?> task) {
    if (!shutdown) {
      task.due = now + task.period;
      task.seq = sequence.incrementAndGet();
      queue.add(task);
    }
  }

  private synchronized long delayOf(Task<?> task) {
    return task.due - now;
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  /** One scheduled task; periodic when {@code period} > 0. */
  private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    final long delay;
    final long period;
    long due;
    long seq;
    volatile Throwable failure;

    Task(Runnable command, V result, long delay, long period) {
      super(command, result);
      this.delay = delay;
      this.period = period;
    }

    Task(Callable<V> callable, long delay) {
      super(callable);
      this.delay = delay;
      this.period = 0;
    }

    void runAt(ManualTime time) {
      if (period == 0) {
        run();
      } else if (runAndReset()) {
        time.again(this);
      }
    }

    @Override
    protected void setException(Throwable t) {
      failure = t;
      super.setException(t);
    }

    @Override
    public boolean isPeriodic() {
      return period > 0;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        remove(this);
      }
      return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayOf(this), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> o = (Task<?>) other;
      return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
    }
  }
}
