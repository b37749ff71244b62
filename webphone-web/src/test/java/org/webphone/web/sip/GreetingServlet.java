package org.webphone.web.sip;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import javax.naming.NamingException;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;

/** Answers OPTIONS with 200 when its injected bean and the naming context work, else 500. */
@Dependent
public class GreetingServlet extends SipServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Greeter greeter;

  @Override
  protected void doOptions(SipServletRequest request) throws IOException {
    try {
      greeter.greet();
      request.createResponse(200).send();
    } catch (NamingException | RuntimeException e) {
      request.createResponse(500, e.toString()).send();
    }
  }
}
