package org.webphone.history;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One call's detail record (CDR), written once when the call ends. Not kept in the shared cache:
 * records are written in thousands and read rarely, per user, by query.
 */
@Entity
@Cacheable(false)
@Table(name = "call_record")
public class CallRecord {
  /** How a call ended. */
  public enum Disposition {
    ANSWERED,
    BUSY,
    NO_ANSWER,
    CANCELLED,
    NOT_FOUND,
    UNAVAILABLE,
    FAILED,
    /** Answered, then handed on to a third party by one side (REFER); a new record follows. */
    TRANSFERRED
  }

  /** Who hung up an answered call (or cancelled an unanswered one). */
  public enum Side {
    CALLER,
    CALLEE,
    SYSTEM
  }

  @Id
  @SequenceGenerator(
      name = "call_record_seq",
      sequenceName = "call_record_seq",
      allocationSize = 100)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "call_record_seq")
  private Long id;

  /** Made with the record: the journal replays it, and the database stores it once by it. */
  @Column(name = "record_key", updatable = false, length = 36, unique = true)
  private String recordKey;

  @Column(name = "customer_id", nullable = false, updatable = false)
  private long customerId;

  @Column(name = "call_id", nullable = false, updatable = false, length = 255)
  private String callId;

  @Column(nullable = false, updatable = false, length = 64)
  private String caller;

  @Column(nullable = false, updatable = false, length = 64)
  private String callee;

  @Column(name = "started_at", nullable = false, updatable = false)
  private Instant startedAt;

  @Column(name = "answered_at", updatable = false)
  private Instant answeredAt;

  @Column(name = "ended_at", nullable = false, updatable = false)
  private Instant endedAt;

  @Column(name = "duration_s", nullable = false, updatable = false)
  private int durationSeconds;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 16)
  private Disposition disposition;

  @Enumerated(EnumType.STRING)
  @Column(name = "hung_up_by", updatable = false, length = 8)
  private Side hungUpBy;

  /** The trunk a call to or from the phone network went through; null for a call between users. */
  @Column(updatable = false, length = 64)
  private String trunk;

  /** The caller's leg as the media anchor saw it. */
  @Embedded
  @AttributeOverrides({
    @AttributeOverride(
        name = "packetsIn",
        column = @Column(name = "caller_packets_in", updatable = false)),
    @AttributeOverride(
        name = "bytesIn",
        column = @Column(name = "caller_bytes_in", updatable = false)),
    @AttributeOverride(
        name = "packetsOut",
        column = @Column(name = "caller_packets_out", updatable = false)),
    @AttributeOverride(
        name = "bytesOut",
        column = @Column(name = "caller_bytes_out", updatable = false)),
    @AttributeOverride(name = "lost", column = @Column(name = "caller_lost", updatable = false)),
    @AttributeOverride(
        name = "jitterMs",
        column = @Column(name = "caller_jitter_ms", updatable = false)),
    @AttributeOverride(name = "rttMs", column = @Column(name = "caller_rtt_ms", updatable = false))
  })
  private MediaQuality callerMedia;

  /** The answering phone's leg as the media anchor saw it. */
  @Embedded
  @AttributeOverrides({
    @AttributeOverride(
        name = "packetsIn",
        column = @Column(name = "callee_packets_in", updatable = false)),
    @AttributeOverride(
        name = "bytesIn",
        column = @Column(name = "callee_bytes_in", updatable = false)),
    @AttributeOverride(
        name = "packetsOut",
        column = @Column(name = "callee_packets_out", updatable = false)),
    @AttributeOverride(
        name = "bytesOut",
        column = @Column(name = "callee_bytes_out", updatable = false)),
    @AttributeOverride(name = "lost", column = @Column(name = "callee_lost", updatable = false)),
    @AttributeOverride(
        name = "jitterMs",
        column = @Column(name = "callee_jitter_ms", updatable = false)),
    @AttributeOverride(name = "rttMs", column = @Column(name = "callee_rtt_ms", updatable = false))
  })
  private MediaQuality calleeMedia;

  protected CallRecord() {}

  /**
   * @param answeredAt null for a call nobody answered; the duration counts from it
   */
  public CallRecord(
      long customerId,
      String callId,
      String caller,
      String callee,
      Instant startedAt,
      Instant answeredAt,
      Instant endedAt,
      Disposition disposition,
      Side hungUpBy,
      String trunk) {
    this.customerId = customerId;
    this.callId = callId.length() > 255 ? callId.substring(0, 255) : callId;
    this.caller = caller.length() > 64 ? caller.substring(0, 64) : caller;
    this.callee = callee.length() > 64 ? callee.substring(0, 64) : callee;
    this.startedAt = startedAt;
    this.answeredAt = answeredAt;
    this.endedAt = endedAt;
    this.durationSeconds =
        answeredAt == null ? 0 : (int) Duration.between(answeredAt, endedAt).toSeconds();
    this.disposition = disposition;
    this.hungUpBy = hungUpBy;
    this.trunk = trunk;
    this.recordKey = UUID.randomUUID().toString();
  }

  /**
   * The same record with {@code key}: the one it was first made with (read back from the journal),
   * or its call's own (a call's record may be written by its node or, if that node is lost, by
   * another: with one key, the database keeps one).
   */
  public CallRecord withKey(String key) {
    this.recordKey = key;
    return this;
  }

  /** This record's own key, from its making; null for records stored before V20. */
  public String getRecordKey() {
    return recordKey;
  }

  public Long getId() {
    return id;
  }

  public long getCustomerId() {
    return customerId;
  }

  public String getCallId() {
    return callId;
  }

  public String getCaller() {
    return caller;
  }

  public String getCallee() {
    return callee;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getAnsweredAt() {
    return answeredAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }

  public int getDurationSeconds() {
    return durationSeconds;
  }

  public Disposition getDisposition() {
    return disposition;
  }

  public Side getHungUpBy() {
    return hungUpBy;
  }

  public String getTrunk() {
    return trunk;
  }

  /** What the media anchor saw of each side, before the record is written. */
  public void setMedia(MediaQuality caller, MediaQuality callee) {
    this.callerMedia = caller;
    this.calleeMedia = callee;
  }

  /** The caller's leg as the media anchor saw it; null, or not known, for unanchored calls. */
  public MediaQuality getCallerMedia() {
    return callerMedia;
  }

  public MediaQuality getCalleeMedia() {
    return calleeMedia;
  }
}
