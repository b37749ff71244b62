/**
 * How a leg's datagrams come and go, as the relay sees them ({@link Wire}). A browser's: full ICE
 * (RFC 8445) on the node's one UDP port with ice4j ({@link IceLeg}), or our passive ICE-TCP
 * candidate (RFC 6544, framed as RFC 4571 says) ({@link TcpMedia}) with the few STUN messages (RFC
 * 5389) it needs ({@link Stun}); its DTLS records told apart from RTP and RTCP by their first byte
 * (RFC 7983) ({@link LegSocket}) and handed to the handshake ({@link LegTransport}). A SIP phone's
 * or trunk's: an RTP and RTCP port pair (RFC 3550 §11) drawn at random from the configured range
 * and rested after use ({@link RtpPorts}, {@code PortPairs}), locked to one source (symmetric RTP,
 * RFC 4961; latching made strict, RFC 7362) ({@link PeerLock}), and sending only to IP literals a
 * phone can be at ({@link MediaAddress}).
 */
package org.webphone.media.transport;
