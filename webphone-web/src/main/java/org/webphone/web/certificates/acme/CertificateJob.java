package org.webphone.web.certificates.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One background certificate task (an order, a renewal, a refresh of all that is due) as the admin
 * watches it: its steps so far and how it ended.
 *
 * <p>Threading: written by the one task thread, read by page requests.
 */
public final class CertificateJob {
  public enum State {
    RUNNING,
    DONE,
    FAILED
  }

  private final long id;
  private final String title;
  private final Instant started;
  private final List<String> steps = new CopyOnWriteArrayList<>();
  private volatile State state = State.RUNNING;
  private volatile String outcome = "";
  private volatile Instant ended;

  CertificateJob(long id, String title, Instant started) {
    this.id = id;
    this.title = title;
    this.started = started;
  }

  void step(String what) {
    steps.add(what);
  }

  void done(String what, Instant at) {
    outcome = what;
    ended = at;
    state = State.DONE;
  }

  void failed(String why, Instant at) {
    outcome = why;
    ended = at;
    state = State.FAILED;
  }

  public long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public Instant getStarted() {
    return started;
  }

  public List<String> getSteps() {
    return List.copyOf(steps);
  }

  public State getState() {
    return state;
  }

  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * Whether the job is running, or ended less than {@code grace} before {@code now}: a page keeps
   * polling that long after the end, because one partial render may draw a table before the job
   * ends and its progress after (JSF visits the updated ids in page order), and only the next
   * render shows both as they are.
   */
  public boolean isRecent(Instant now, Duration grace) {
    Instant at = ended;
    return isRunning() || (at != null && now.isBefore(at.plus(grace)));
  }

  public String getOutcome() {
    return outcome;
  }
}
