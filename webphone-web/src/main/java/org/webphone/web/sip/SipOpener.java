package org.webphone.web.sip;

import jakarta.ejb.EJB;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Opens the node's SIP ports once the web application can serve phones (issue 21, point 11): this
 * servlet is loaded last (web.xml: the highest load-on-startup, no mapping), after the listeners,
 * the WebSocket endpoint ({@code /sip}), JAX-RS ({@code /api}) and Faces have started, and the
 * database was migrated before any of them ({@link SipContainerService} depends on the seeder).
 *
 * <p>Before, the SIP container started from a startup bean while the application was still being
 * loaded: for about 4 s SIP answered 200 while {@code /api} and {@code /health} answered 500, and a
 * phone that registered then could not fetch its token or phonebook. A load balancer that sends SIP
 * to a node which answers SIP sends it too soon.
 */
public class SipOpener extends GenericServlet {
  private static final long serialVersionUID = 1L;

  @EJB private transient SipContainerService sip;

  @Override
  public void init() throws ServletException {
    sip.open();
  }

  /** Never mapped: nothing reaches it. */
  @Override
  public void service(ServletRequest request, ServletResponse response) throws IOException {
    throw new IOException("not a request handler");
  }
}
