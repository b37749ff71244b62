package org.webphone.web.certificates.acme;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The certificates page polls while a job is recent: a partial render may draw the served table
 * before a job ends and its progress after, so the page polls once more after the end.
 */
class CertificateJobTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(5);

  @Test
  void aRunningJobIsRecentHoweverLongItRuns() {
    CertificateJob job = new CertificateJob(1, "Request Certificate", START);
    assertTrue(job.isRecent(START.plus(Duration.ofHours(1)), GRACE));
  }

  @Test
  void anEndedJobStaysRecentForTheGraceThenNot() {
    CertificateJob job = new CertificateJob(1, "Request Certificate", START);
    job.done("presented now", START.plusSeconds(3));
    assertTrue(job.isRecent(START.plusSeconds(7), GRACE), "4 s after the end");
    assertFalse(job.isRecent(START.plusSeconds(8), GRACE), "5 s after the end");
  }

  @Test
  void aFailedJobEndsTheSameWay() {
    CertificateJob job = new CertificateJob(1, "Refresh Certificates", START);
    job.failed("the CA refused", START);
    assertTrue(job.isRecent(START.plusSeconds(1), GRACE));
    assertFalse(job.isRecent(START.plusSeconds(6), GRACE));
  }
}
