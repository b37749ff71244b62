/**
 * SDP (RFC 8866) as the anchor reads and writes it, by hand (no second SIP stack for a dozen
 * attribute lines): a peer's first audio section, with its codecs, direction and SDES keys ({@link
 * AudioSdp}; RFC 3264 offer/answer, RFC 4568); the codecs the relay passes on, Opus, PCMU, PCMA and
 * RFC 4733 telephone-events ({@link AudioCodecs}); a browser's ICE credentials and candidates (RFC
 * 8839) and DTLS fingerprint and role (RFC 8122, RFC 5763), replaced by ours in what we pass on
 * ({@link WebRtcSdp}); and the SDP we write when a browser talks to a SIP phone or trunk, RTP/AVP
 * or RTP/SAVP towards the phone and WebRTC towards the browser, each side's payload type numbers as
 * it asked for them (RFC 3264 §6.1) ({@link PhoneSdp}).
 */
package org.webphone.media.sdp;
