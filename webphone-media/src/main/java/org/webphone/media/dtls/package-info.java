/**
 * DTLS-SRTP handshakes with browsers (RFC 5763, RFC 5764, RFC 8827), with BouncyCastle: the
 * self-signed ECDSA P-256 certificate this process shows, trusted by the fingerprint in our SDP
 * (RFC 8122) ({@link DtlsIdentity}); our side as the DTLS server when we answered passive ({@link
 * DtlsServer}) or as the client when the browser did ({@link DtlsClient}); and what both roles
 * insist on ({@code DtlsRules}): DTLS 1.2 only, ECDHE-ECDSA with AES-GCM, a peer certificate that
 * is the one its SDP's fingerprint names, and SRTP keys exported with {@code EXTRACTOR-dtls_srtp}.
 * A handshake blocks the thread it runs on.
 */
package org.webphone.media.dtls;
