package org.webphone.sip.container;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.restcomm.commons.statistics.reporter.RestcommStatsReporter;

/** A statistics reporter that schedules nothing and sends nothing. */
@SuppressWarnings("rawtypes") // the reporter API uses a raw Gauge
final class SilentStatsReporter extends RestcommStatsReporter {
  @Override
  public void start(long period, TimeUnit unit) {
    // never scheduled: no thread, no report
  }

  @Override
  public void stop() {
    // the parent's stop() sends a last report; ours has nothing to stop
  }

  @Override
  public void report(
      SortedMap<String, Gauge> gauges,
      SortedMap<String, Counter> counters,
      SortedMap<String, Histogram> histograms,
      SortedMap<String, Meter> meters,
      SortedMap<String, Timer> timers) {
    // nothing leaves the machine
  }
}
