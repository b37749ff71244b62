package org.webphone.history;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The node's call-record journal: a record is on disk, forced (fsync), before its call's final
 * answer leaves the server, so that a crash at any later moment loses none. The database gets the
 * records in batches afterwards ({@link #stored} lets their segment go); a start replays what
 * earlier runs left ({@link #pending}), and the database stores each once by its key. Kamailio's
 * {@code acc} writes to the database per call for the same promise; a local log with group commit
 * keeps the batching that made records cheap.
 *
 * <p>Layout: segment files {@code calls-<n>.journal} in the journal folder, a new one at each start
 * and every {@value #SEGMENT_BYTES} bytes; each record is {@code [length][payload][CRC-32]} ({@link
 * CallRecordCodec}). A record torn by a crash mid-write fails its length or CRC and ends the replay
 * of its segment: it was never forced, so its call was never answered as ended.
 *
 * <p>Group commit: appends are written under one lock; the force runs under another, and covers
 * every record written before it began, so callers that arrive while one runs usually find their
 * record forced already.
 *
 * <p>Threading: {@link #append} and {@link #stored} from any thread, many at once.
 */
public final class CallJournal implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CallJournal.class.getName());
  static final long SEGMENT_BYTES = 8L << 20;
  private static final int MAX_RECORD = 64 * 1024;

  private final Path dir;
  private final long segmentBytes;
  private final List<Path> earlier;
  private final Object writeLock = new Object();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Map<String, Segment> segmentOf = new ConcurrentHashMap<>();
  private long nextSegment;
  private Segment current; // writeLock
  private long appended; // writeLock
  private long durable; // writeLock

  private static final class Segment {
    final Path path;
    final FileChannel channel;
    long bytes; // writeLock
    final AtomicInteger appended = new AtomicInteger();
    final AtomicInteger stored = new AtomicInteger();
    volatile boolean rotated;
    final AtomicBoolean deleted = new AtomicBoolean();

    Segment(Path path) throws IOException {
      this.path = path;
      this.channel =
          FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /**
   * Opens the journal in {@code dir} (made, owner-only, when missing): the segments found there are
   * earlier runs' ({@link #pending}); this run appends to a new one.
   */
  public CallJournal(Path dir) throws IOException {
    this(dir, SEGMENT_BYTES);
  }

  /** As {@link #CallJournal(Path)}, starting a new segment past {@code segmentBytes}. */
  CallJournal(Path dir, long segmentBytes) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its own permissions apply
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      earlier = files.filter(CallJournal::isSegment).sorted().toList();
    }
    nextSegment = earlier.isEmpty() ? 1 : number(earlier.get(earlier.size() - 1)) + 1;
    current = newSegment();
  }

  /** The records earlier runs left, in the order they were written. */
  public List<CallRecord> pending() throws IOException {
    List<CallRecord> records = new ArrayList<>();
    for (Path segment : earlier) {
      records.addAll(read(segment));
    }
    return records;
  }

  /** The records of {@link #pending} are in the database: their segments go. */
  public void storedPending() throws IOException {
    for (Path segment : earlier) {
      Files.deleteIfExists(segment);
    }
  }

  /**
   * Writes {@code record} and forces it to disk: durable once this returns.
   *
   * @throws IOException when it could not be written (disk full, read-only): not durable
   */
  public void append(CallRecord record) throws IOException {
    byte[] payload = CallRecordCodec.encode(record);
    CRC32 crc = new CRC32();
    crc.update(payload);
    ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
    frame.putInt(payload.length).put(payload).putInt((int) crc.getValue()).flip();
    long seq;
    synchronized (writeLock) {
      if (current.bytes >= segmentBytes) {
        rotate();
      }
      while (frame.hasRemaining()) {
        current.channel.write(frame);
      }
      current.bytes += frame.limit();
      current.appended.incrementAndGet();
      segmentOf.put(record.getRecordKey(), current);
      seq = ++appended;
    }
    sync(seq);
  }

  private void sync(long seq) throws IOException {
    syncLock.lock();
    try {
      long target;
      FileChannel channel;
      synchronized (writeLock) {
        if (durable >= seq) {
          return; // a force that began after our write covered it
        }
        target = appended;
        channel = current.channel;
      }
      try {
        channel.force(false);
      } catch (ClosedChannelException e) {
        // rotated, forced and stored meanwhile
      }
      synchronized (writeLock) {
        durable = Math.max(durable, target);
      }
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * {@code records} (appended by this run) are in the database: a segment whose records all are,
   * and that takes no more, goes.
   */
  public void stored(List<CallRecord> records) {
    for (CallRecord r : records) {
      Segment s = segmentOf.remove(r.getRecordKey());
      if (s != null && s.stored.incrementAndGet() == s.appended.get() && s.rotated) {
        delete(s);
      }
    }
  }

  /** Ends the current segment (forced) and starts the next. Under writeLock. */
  private void rotate() throws IOException {
    Segment old = current;
    old.channel.force(false);
    durable = appended;
    current = newSegment();
    old.rotated = true;
    if (old.stored.get() == old.appended.get()) {
      delete(old);
    }
  }

  private Segment newSegment() throws IOException {
    return new Segment(dir.resolve(String.format("calls-%016d.journal", nextSegment++)));
  }

  private static void delete(Segment s) {
    if (!s.deleted.compareAndSet(false, true)) {
      return;
    }
    try {
      s.channel.close();
      Files.deleteIfExists(s.path);
    } catch (IOException e) {
      LOG.warning("journal segment " + s.path + " not deleted: " + e.getMessage());
    }
  }

  /** Closes the journal; its segment goes when every record in it is in the database. */
  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      current.rotated = true;
      if (current.stored.get() == current.appended.get()) {
        delete(current);
      } else {
        current.channel.close();
      }
    }
  }

  /** The records of one segment, up to the first torn or damaged one. */
  static List<CallRecord> read(Path segment) throws IOException {
    List<CallRecord> records = new ArrayList<>();
    try (InputStream file = Files.newInputStream(segment);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return records;
        }
        if (length <= 0 || length > MAX_RECORD) {
          LOG.warning(segment + ": damaged after " + records.size() + " records");
          return records;
        }
        byte[] payload = new byte[length];
        int crcValue;
        try {
          in.readFully(payload);
          crcValue = in.readInt();
        } catch (EOFException torn) {
          LOG.info(segment + ": a record torn by a crash ends it (never acknowledged)");
          return records;
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        if ((int) crc.getValue() != crcValue) {
          LOG.warning(segment + ": CRC mismatch after " + records.size() + " records");
          return records;
        }
        records.add(CallRecordCodec.decode(payload));
      }
    }
  }

  private static boolean isSegment(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith("calls-") && name.endsWith(".journal");
  }

  private static long number(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(6, name.length() - 8));
  }
}
