package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The call directory's cache: one database read per account per TTL, absences included. */
class CachedCallDirectoryTest {
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();
  private final CallDirectory source =
      new CallDirectory() {
        @Override
        public Optional<Long> customerOf(String username) {
          reads.incrementAndGet();
          return username.equals("alice") ? Optional.of(7L) : Optional.empty();
        }

        @Override
        public Optional<String> userByExtension(long customer, String extension) {
          reads.incrementAndGet();
          return extension.equals("1002") ? Optional.of("bob") : Optional.empty();
        }
      };
  private final CachedCallDirectory cached =
      new CachedCallDirectory(source, Duration.ofSeconds(60), Duration.ofHours(1), nanos::get);

  @Test
  void repeatedLookupsWithinTheTtlReadOnceAndAnAbsenceIsKeptToo() {
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.of(7L), cached.customerOf("alice"));
      assertEquals(Optional.empty(), cached.customerOf("mallory"));
      assertEquals(Optional.of("bob"), cached.userByExtension(7, "1002"));
    }
    assertEquals(3, reads.get());
  }

  @Test
  void afterTheTtlTheDirectoryIsAskedAgain() {
    cached.customerOf("alice");
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    cached.customerOf("alice");
    assertEquals(2, reads.get());
  }
}
