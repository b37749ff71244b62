/**
 * The media anchor for browser calls: ICE, DTLS-SRTP and RTP towards each leg, and a relay between
 * the two that talk (no transcoding). This package holds the module's entry points, the only types
 * other modules use: {@link Anchor}, {@link MediaService}, {@link MediaConfig}, {@link Sdp}, the
 * statistics ({@link LegStats}, {@link RelayStats}) and {@link NotAcceptableException}; and the
 * call-level classes that tie the sub-packages together: one call's legs ({@code CallMedia}, each a
 * {@code MediaLeg}: a browser's {@code AnchoredLeg} or a SIP phone's or trunk's {@code RtpLeg}),
 * the {@link MediaRelay} between two of them and its payload type maps ({@code PayloadMap}). SDP is
 * read and written in {@link org.webphone.media.sdp}, DTLS in {@link org.webphone.media.dtls}, SRTP
 * in {@link org.webphone.media.srtp}, and datagrams travel through {@link
 * org.webphone.media.transport}.
 */
package org.webphone.media;
