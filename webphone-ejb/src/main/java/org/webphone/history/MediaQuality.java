package org.webphone.history;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What the media anchor saw of one side of a call (its phone's leg): RTP packets and bytes the
 * phone sent and was sent, the packets of its stream that never arrived, their interarrival jitter
 * (RFC 3550 A.8) and the round trip to it where its RTCP told. Absent (all null) for a call whose
 * media the anchor did not carry (two SIP phones, media off).
 */
@Embeddable
public class MediaQuality {
  @Column(name = "packets_in", updatable = false)
  private Long packetsIn;

  @Column(name = "bytes_in", updatable = false)
  private Long bytesIn;

  @Column(name = "packets_out", updatable = false)
  private Long packetsOut;

  @Column(name = "bytes_out", updatable = false)
  private Long bytesOut;

  @Column(name = "lost", updatable = false)
  private Long lost;

  @Column(name = "jitter_ms", updatable = false)
  private Double jitterMs;

  @Column(name = "rtt_ms", updatable = false)
  private Integer rttMs;

  protected MediaQuality() {}

  /**
   * @param packetsIn RTP packets from the phone to the server
   * @param packetsOut RTP packets from the server to the phone
   * @param rttMs null when the phone's RTCP did not tell
   */
  public MediaQuality(
      long packetsIn,
      long bytesIn,
      long packetsOut,
      long bytesOut,
      long lost,
      double jitterMs,
      Integer rttMs) {
    this.packetsIn = packetsIn;
    this.bytesIn = bytesIn;
    this.packetsOut = packetsOut;
    this.bytesOut = bytesOut;
    this.lost = lost;
    this.jitterMs = jitterMs;
    this.rttMs = rttMs;
  }

  /** False for the empty value a call without anchored media reads back as. */
  public boolean isKnown() {
    return packetsIn != null;
  }

  public long getPacketsIn() {
    return packetsIn == null ? 0 : packetsIn;
  }

  public long getBytesIn() {
    return bytesIn == null ? 0 : bytesIn;
  }

  public long getPacketsOut() {
    return packetsOut == null ? 0 : packetsOut;
  }

  public long getBytesOut() {
    return bytesOut == null ? 0 : bytesOut;
  }

  public long getLost() {
    return lost == null ? 0 : lost;
  }

  public double getJitterMs() {
    return jitterMs == null ? 0 : jitterMs;
  }

  public Integer getRttMs() {
    return rttMs;
  }
}
