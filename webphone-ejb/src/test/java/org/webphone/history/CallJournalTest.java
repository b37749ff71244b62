package org.webphone.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;

/**
 * A node writes each ended call's record to its journal before the call's final answer leaves, and
 * is killed at any moment: the next start finds every record it wrote, with every field, once; a
 * record torn by the crash is the last thing lost (it was never acknowledged); a segment whose
 * records all reached the database goes.
 */
class CallJournalTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456789Z");

  private static CallRecord answered(String callId) {
    CallRecord r =
        new CallRecord(
            7,
            callId,
            "alice",
            "+4930123456",
            T0,
            T0.plusSeconds(3),
            T0.plusSeconds(65),
            Disposition.ANSWERED,
            Side.CALLEE,
            "carrier");
    r.setMedia(new MediaQuality(3100, 496000, 3095, 495200, 5, 1.25, 48), null);
    return r;
  }

  private static CallRecord unanswered(String callId) {
    return new CallRecord(
        7, callId, "bob", "carol", T0, null, T0.plusSeconds(30), Disposition.NO_ANSWER, null, null);
  }

  /** Every field a record carries, as text, to compare a record with its replay. */
  private static String fields(CallRecord r) {
    return String.join(
        "|",
        r.getRecordKey(),
        Long.toString(r.getCustomerId()),
        r.getCallId(),
        r.getCaller(),
        r.getCallee(),
        String.valueOf(r.getStartedAt()),
        String.valueOf(r.getAnsweredAt()),
        String.valueOf(r.getEndedAt()),
        Integer.toString(r.getDurationSeconds()),
        String.valueOf(r.getDisposition()),
        String.valueOf(r.getHungUpBy()),
        String.valueOf(r.getTrunk()),
        media(r.getCallerMedia()),
        media(r.getCalleeMedia()));
  }

  private static String media(MediaQuality m) {
    return m == null || !m.isKnown()
        ? "-"
        : m.getPacketsIn()
            + "/"
            + m.getBytesIn()
            + "/"
            + m.getPacketsOut()
            + "/"
            + m.getBytesOut()
            + "/"
            + m.getLost()
            + "/"
            + m.getJitterMs()
            + "/"
            + m.getRttMs();
  }

  private static List<String> fields(List<CallRecord> records) {
    return records.stream().map(CallJournalTest::fields).toList();
  }

  @Test
  void recordsWrittenBeforeAKillComeBackWithEveryFieldOnceAfterTheRestart() throws IOException {
    CallRecord first = answered("call-1@alice");
    CallRecord second = unanswered("call-2@bob");
    CallJournal killed = new CallJournal(dir);
    killed.append(first);
    killed.append(second);
    // killed: never closed, nothing stored

    CallJournal restarted = new CallJournal(dir);
    assertEquals(fields(List.of(first, second)), fields(restarted.pending()));
    restarted.storedPending();

    assertEquals(List.of(), new CallJournal(dir).pending(), "replayed once");
  }

  @Test
  void aRecordTornByTheCrashEndsTheReplayAndTheOnesBeforeItComeBack() throws IOException {
    CallRecord whole = answered("call-1@alice");
    CallJournal killed = new CallJournal(dir);
    killed.append(whole);
    killed.append(unanswered("call-2@bob"));
    Path segment = segments().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    Files.write(
        segment, java.util.Arrays.copyOf(bytes, bytes.length - 5)); // its tail never hit disk

    assertEquals(fields(List.of(whole)), fields(new CallJournal(dir).pending()));
  }

  @Test
  void aDamagedRecordEndsTheReplayOfItsSegment() throws IOException {
    CallJournal killed = new CallJournal(dir);
    killed.append(answered("call-1@alice"));
    Files.write(
        segments().get(0),
        new byte[] {0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0},
        StandardOpenOption.APPEND);

    assertEquals(1, new CallJournal(dir).pending().size());
  }

  @Test
  void aSegmentWhoseRecordsAllReachedTheDatabaseGoes() throws IOException {
    CallJournal journal = new CallJournal(dir, 1); // a new segment for every record
    CallRecord first = answered("call-1@alice");
    CallRecord second = answered("call-2@alice");
    CallRecord third = unanswered("call-3@bob");
    journal.append(first);
    journal.append(second);
    journal.append(third);
    assertEquals(3, segments().size());

    journal.stored(List.of(second)); // second's segment is full and done
    assertEquals(2, segments().size());
    journal.close(); // third's segment still has a record the database has not got

    assertEquals(fields(List.of(first, third)), fields(new CallJournal(dir).pending()));
  }

  @Test
  void aCleanStopWithEverythingStoredLeavesNothingToReplay() throws IOException {
    CallJournal journal = new CallJournal(dir);
    CallRecord r = answered("call-1@alice");
    journal.append(r);
    journal.stored(List.of(r));
    journal.close();

    assertEquals(List.of(), segments());
  }

  @Test
  void manyCallsEndingAtOnceAreEachWrittenOnce() throws Exception {
    CallJournal journal = new CallJournal(dir);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      done.add(
          threads.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  CallRecord r = answered("call-" + thread + "-" + i);
                  keys.add(r.getRecordKey());
                  journal.append(r);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();

    List<CallRecord> replayed = new CallJournal(dir).pending();
    assertEquals(1600, replayed.size());
    Set<String> replayedKeys = new HashSet<>();
    replayed.forEach(r -> replayedKeys.add(r.getRecordKey()));
    assertEquals(keys, replayedKeys);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
    }
  }
}
