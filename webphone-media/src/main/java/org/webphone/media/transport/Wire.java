package org.webphone.media.transport;

import java.io.IOException;
import java.util.function.Consumer;
import org.webphone.media.srtp.SrtpSession;

/**
 * A leg's datagrams as the relay sees them, whatever carries them: a browser's ICE agent ({@link
 * LegSocket}) or a SIP phone's RTP and RTCP ports ({@link org.webphone.media.RtpLeg}).
 *
 * <p>Threading: packets arrive on the transport's receive thread; {@link #send} may be called from
 * any thread.
 */
public interface Wire {
  /** Where RTP and RTCP from the peer go, on the transport's receive thread. */
  void onMedia(Consumer<SrtpSession.Packet> handler);

  /** Sends a datagram (RTP or RTCP) to the peer. */
  void send(byte[] data, int offset, int length) throws IOException;
}
