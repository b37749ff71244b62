/**
 * SRTP (RFC 3711) on a leg: the keys a DTLS handshake exported (RFC 5764 §4.2) ({@link SrtpKeys})
 * for one of the protection profiles we negotiate, AES-GCM (RFC 7714) before AES-CM with HMAC-SHA1
 * ({@link SrtpProfile}); the SDES keys of a SIP phone's or trunk's leg, exchanged in {@code
 * a=crypto} lines (RFC 4568) ({@link Sdes}); and the per-SSRC crypto contexts that protect and
 * unprotect RTP and RTCP with jitsi-srtp, and the packet buffer the relay works on in place ({@link
 * SrtpSession}).
 */
package org.webphone.media.srtp;
