package org.webphone.sip.container;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;

/** Answers REGISTER and OPTIONS with 200 and counts what it served. */
public class AnsweringServlet extends SipServlet {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger SERVED = new AtomicInteger();

  @Override
  protected void doRegister(SipServletRequest request) throws IOException {
    SERVED.incrementAndGet();
    request.createResponse(200).send();
  }

  @Override
  protected void doOptions(SipServletRequest request) throws IOException {
    SERVED.incrementAndGet();
    request.createResponse(200).send();
  }
}
