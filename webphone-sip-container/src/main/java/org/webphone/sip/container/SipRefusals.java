package org.webphone.sip.container;

/**
 * Requests the node refused before any application saw them, since start, by reason: what a flood
 * of hostile requests shows up as ({@code webphone_sip_refused_total}).
 *
 * @param unknownDialog in-dialog requests for no dialog or session of ours (481, or ACKs dropped),
 *     including those the core would have relayed
 * @param unserved methods nobody here serves (405, 501) and dialog-only methods outside a dialog
 *     (481)
 * @param oversized messages over the configured maximum (513, or dropped over UDP)
 * @param malformed requests RFC 3261 does not allow (400, 505)
 * @param overload new requests refused with 503 while the workers were behind
 */
public record SipRefusals(
    long unknownDialog, long unserved, long oversized, long malformed, long overload) {}
