package org.webphone.sip.call;

/**
 * Where a call's media goes: the B2BUA asks the anchor for the SDP to send each leg. The media
 * issues fill this with ICE/DTLS-SRTP endpoints; until then {@link #PASS_THROUGH} relays each SDP
 * unchanged, so media flows end to end (browser to browser, UDP phone to UDP phone).
 *
 * <p>Threading: called on JAIN-SIP threads and timer threads, many calls at once.
 */
public interface MediaAnchor {
  /** The offer to send the callee for the caller's {@code sdp} (null or empty: no offer). */
  byte[] offer(String callId, byte[] sdp);

  /** The answer to send the caller for the callee's {@code sdp}. */
  byte[] answer(String callId, byte[] sdp);

  /** The call ended: free what it held. */
  void release(String callId);

  MediaAnchor PASS_THROUGH =
      new MediaAnchor() {
        @Override
        public byte[] offer(String callId, byte[] sdp) {
          return sdp;
        }

        @Override
        public byte[] answer(String callId, byte[] sdp) {
          return sdp;
        }

        @Override
        public void release(String callId) {}
      };
}
