package org.webphone.sip.container;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * JAIN-SIP's parser with the request line's SIP version kept as sent. The stock parser builds its
 * "Expecting SIP/2.0" error without throwing it and records every version as SIP/2.0, so a SIP/3.0
 * request would be served as if it were 2.0; with the version kept, the stack answers 505 (RFC 3261
 * §21.5.7). Installed with the stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}.
 */
public final class VersionCheckingParserFactory implements MessageParserFactory {
  // Stateless, like the stock factory's shared parser.
  private static final VersionCheckingParser PARSER = new VersionCheckingParser();

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    return PARSER;
  }

  static final class VersionCheckingParser extends StringMsgParser {
    @Override
    protected SIPMessage processFirstLine(
        String firstLine, ParseExceptionListener listener, byte[] raw) throws ParseException {
      SIPMessage message = super.processFirstLine(firstLine, listener, raw);
      if (message instanceof SIPRequest request && request.getRequestLine() != null) {
        String line = firstLine.trim();
        String version = line.substring(line.lastIndexOf(' ') + 1);
        if (!version.equalsIgnoreCase("SIP/2.0")) {
          request.getRequestLine().setSipVersion(version);
        }
      }
      return message;
    }
  }
}
