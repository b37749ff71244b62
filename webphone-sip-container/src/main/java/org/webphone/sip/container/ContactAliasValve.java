package org.webphone.sip.container;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.text.ParseException;
import javax.sip.SipStack;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;

/**
 * The remote targets of dialogs are where the peer's messages come from ({@link SourceAlias}): the
 * Contact of every request and response that arrives over UDP, TCP or TLS gets an alias parameter
 * naming its source when the two differ, and loses any alias the peer wrote. The dialog then keeps
 * that URI as its remote target (RFC 3261 §12.1), and in-dialog requests (ACK, BYE, re-INVITE) go
 * to the source: a phone behind NAT hears them, and a peer cannot point them at a third host by
 * writing one in its Contact. Kamailio's {@code set_contact_alias} does the same.
 *
 * <p>A REGISTER's contacts are left as the phone wrote them (it compares them with the 200's); the
 * registrar keeps the source with each binding and aliases when it sends. Installed only while
 * {@code webphone.sip.contacts-as-written} is off.
 *
 * <p>Called on the stack's worker threads, many at once; each message is its own.
 */
public final class ContactAliasValve implements SIPMessageValve {
  private static final Logger LOG = Logger.getLogger(ContactAliasValve.class);

  @Override
  public void init(SipStack stack) {}

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    if (!Request.REGISTER.equals(request.getMethod())) {
      alias(request, channel);
    }
    return true;
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    if (response instanceof SIPMessage m) {
      alias(m, channel);
    }
    return true;
  }

  @Override
  public void destroy() {}

  private static void alias(SIPMessage message, MessageChannel channel) {
    ContactList contacts = message.getContactHeaders();
    if (contacts == null || channel == null) {
      return;
    }
    String transport = channel.getTransport();
    String source = channel.getPeerAddress();
    int sourcePort = channel.getPeerPort();
    for (Contact c : contacts) {
      if (c.isWildCard() || !(c.getAddress().getURI() instanceof SipURI uri)) {
        continue;
      }
      uri.removeParameter(SourceAlias.PARAM);
      if (uri.getHost() != null
          && SourceAlias.needed(uri.getHost(), uri.getPort(), transport, source, sourcePort)) {
        try {
          uri.setParameter(SourceAlias.PARAM, SourceAlias.value(source, sourcePort, transport));
        } catch (ParseException e) {
          LOG.debug("no alias for " + uri + ": " + e.getMessage());
        }
      }
    }
  }
}
