package org.webphone.web.api;

import org.webphone.sip.registrar.DigestAuthenticator;

/**
 * Digest authentication for HTTP ({@code POST /api/token}): a client that a front may send to any
 * node with each request (the app's fetch sends no cookie), so a nonce is answered on any node and
 * its counts are the cluster's. SIP's authenticator answers a node's own nonces only.
 */
public record HttpDigest(DigestAuthenticator authenticator) {}
