package org.webphone.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A call record as the journal holds it: a versioned, explicit binary form (no class names, no Java
 * serialization, nothing read but these fields), so that a journal written by one version is read
 * by the next.
 *
 * <p>Threading: stateless.
 */
final class CallRecordCodec {
  private static final int VERSION = 1;

  private CallRecordCodec() {}

  static byte[] encode(CallRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(r.getRecordKey());
      out.writeLong(r.getCustomerId());
      out.writeUTF(r.getCallId());
      out.writeUTF(r.getCaller());
      out.writeUTF(r.getCallee());
      instant(out, r.getStartedAt());
      instant(out, r.getAnsweredAt());
      instant(out, r.getEndedAt());
      out.writeUTF(r.getDisposition().name());
      text(out, r.getHungUpBy() == null ? null : r.getHungUpBy().name());
      text(out, r.getTrunk());
      media(out, r.getCallerMedia());
      media(out, r.getCalleeMedia());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IOException when the bytes are no record of a version this code reads
   */
  static CallRecord decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("call record of journal version " + version);
    }
    String key = in.readUTF();
    long customer = in.readLong();
    String callId = in.readUTF();
    String caller = in.readUTF();
    String callee = in.readUTF();
    Instant started = instant(in);
    Instant answered = instant(in);
    Instant ended = instant(in);
    CallRecord.Disposition disposition = CallRecord.Disposition.valueOf(in.readUTF());
    String side = text(in);
    String trunk = text(in);
    CallRecord r =
        new CallRecord(
                customer,
                callId,
                caller,
                callee,
                started,
                answered,
                ended,
                disposition,
                side == null ? null : CallRecord.Side.valueOf(side),
                trunk)
            .withKey(key);
    r.setMedia(media(in), media(in));
    return r;
  }

  private static void instant(DataOutputStream out, Instant at) throws IOException {
    out.writeBoolean(at != null);
    if (at != null) {
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String text(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void media(DataOutputStream out, MediaQuality m) throws IOException {
    out.writeBoolean(m != null && m.isKnown());
    if (m != null && m.isKnown()) {
      out.writeLong(m.getPacketsIn());
      out.writeLong(m.getBytesIn());
      out.writeLong(m.getPacketsOut());
      out.writeLong(m.getBytesOut());
      out.writeLong(m.getLost());
      out.writeDouble(m.getJitterMs());
      out.writeInt(m.getRttMs() == null ? -1 : m.getRttMs());
    }
  }

  private static MediaQuality media(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    long packetsIn = in.readLong();
    long bytesIn = in.readLong();
    long packetsOut = in.readLong();
    long bytesOut = in.readLong();
    long lost = in.readLong();
    double jitter = in.readDouble();
    int rtt = in.readInt();
    return new MediaQuality(
        packetsIn, bytesIn, packetsOut, bytesOut, lost, jitter, rtt < 0 ? null : rtt);
  }
}
