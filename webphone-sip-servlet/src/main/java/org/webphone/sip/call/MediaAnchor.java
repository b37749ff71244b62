package org.webphone.sip.call;

/**
 * Where a call's media goes: the B2BUA asks the anchor for the SDP to send each leg. The media
 * issues fill this with ICE/DTLS-SRTP endpoints; until then {@link #PASS_THROUGH} relays each SDP
 * unchanged, so media flows end to end (browser to browser, UDP phone to UDP phone).
 *
 * <p>Threading: called on JAIN-SIP threads and timer threads, many calls at once.
 */
public interface MediaAnchor {
  /**
   * The SDP to send the callee for the caller's {@code sdp}: the INVITE's offer, or with a late
   * offer the answer in the caller's ACK (null or empty: no SDP).
   */
  byte[] towardsCallee(String callId, byte[] sdp);

  /**
   * The SDP to send the caller for the callee's {@code sdp}: the answer in a 18x or 2xx, or with a
   * late offer the callee's offer in its 2xx.
   */
  byte[] towardsCaller(String callId, byte[] sdp);

  /** The call ended: free what it held. */
  void release(String callId);

  MediaAnchor PASS_THROUGH =
      new MediaAnchor() {
        @Override
        public byte[] towardsCallee(String callId, byte[] sdp) {
          return sdp;
        }

        @Override
        public byte[] towardsCaller(String callId, byte[] sdp) {
          return sdp;
        }

        @Override
        public void release(String callId) {}
      };
}
