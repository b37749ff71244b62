package org.webphone.sip.container;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/**
 * A node's application as the cluster sees it: whatever another node routes here for a browser
 * connected here is relayed by {@link HomeHops}, the way the WebPhone servlet does it.
 */
public class HoppingServlet extends AnsweringServlet {
  private static final long serialVersionUID = 1L;

  /** The hops of the running test (set before the container starts). */
  static volatile HomeHops hops;

  @Override
  public void service(ServletRequest request, ServletResponse response)
      throws ServletException, IOException {
    if (!hops.takes(request, response)) {
      super.service(request, response);
    }
  }
}
