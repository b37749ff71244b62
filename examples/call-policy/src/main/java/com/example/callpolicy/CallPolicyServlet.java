package com.example.callpolicy;

import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.sip.Proxy;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipURI;

/**
 * Sees every new call before WebPhone does, and either vetoes it, redirects it, or lets it pass:
 *
 * <ul>
 *   <li>a number starting with a blocked prefix is refused here with 403 "Blocked by call policy"
 *       (the call never reaches WebPhone, so WebPhone writes no record of it);
 *   <li>a call to the group name ({@code sales}) goes to the agent on duty instead: the request is
 *       proxied with that agent as its Request-URI, and WebPhone rings the agent;
 *   <li>any other call is proxied unchanged, and WebPhone handles it as if this servlet were not
 *       there.
 * </ul>
 *
 * <p>It proxies without Record-Route (RFC 3261 §16.6): once the call is set up, its in-dialog
 * requests go straight to WebPhone. System properties change the policy: {@code callpolicy.blocked}
 * (comma-separated prefixes, default {@code +1900,+44909}), {@code callpolicy.group} (default
 * {@code sales}) and {@code callpolicy.agent} (default {@code bob}).
 *
 * <p>Threading: many threads at once; the servlet holds only settings read at construction.
 */
@javax.servlet.sip.annotation.SipServlet(name = "call-policy", loadOnStartup = 1)
@Dependent
public class CallPolicyServlet extends SipServlet {
  private static final long serialVersionUID = 1L;

  private final List<String> blocked =
      List.of(System.getProperty("callpolicy.blocked", "+1900,+44909").split(","));
  private final String group = System.getProperty("callpolicy.group", "sales");
  private final String agent = System.getProperty("callpolicy.agent", "bob");

  @Override
  protected void doInvite(SipServletRequest request) throws IOException, ServletException {
    if (!request.isInitial() || !(request.getRequestURI() instanceof SipURI uri)) {
      return; // not ours: without Record-Route, no in-dialog request comes here
    }
    String user = uri.getUser() == null ? "" : uri.getUser();
    for (String prefix : blocked) {
      if (!prefix.isBlank() && user.startsWith(prefix.trim())) {
        request.createResponse(403, "Blocked by call policy").send();
        return;
      }
    }
    Proxy proxy = request.getProxy();
    proxy.setRecordRoute(false);
    if (user.equals(group)) {
      SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
      proxy.proxyTo(factory.createSipURI(agent, uri.getHost()));
    } else {
      proxy.proxyTo(uri);
    }
  }

  /**
   * Without Record-Route, the only ACK that reaches this servlet acknowledges a refusal: our veto,
   * or a failure WebPhone answered through our proxy (such as its 407 challenge). Nothing more will
   * come for this call, so its application session goes now instead of at its expiry. (A call that
   * was answered is freed by the container: a non-record-routing proxy's session is ready to
   * invalidate once confirmed, JSR 289 §6.1.2.2.)
   */
  @Override
  protected void doAck(SipServletRequest request) {
    if (request.getApplicationSession().isValid()) {
      request.getApplicationSession().invalidate();
    }
  }
}
