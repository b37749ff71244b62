package org.webphone.sip.container;

import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import org.mobicents.servlet.sip.core.MobicentsSipServlet;

/**
 * One SIP servlet of the application. JSR 289 servlets are single instances shared by every thread
 * (§6.2.1), so {@link #allocate()} hands out the same instance and deallocation is a no-op.
 *
 * <p>Threading: {@link #init} and {@link #destroy} run on the thread that deploys or undeploys;
 * {@link #allocate()} on any JAIN-SIP or timer thread.
 */
final class ServletHolder implements MobicentsSipServlet {
  private final SipApplicationSpec.ServletSpec spec;
  private final Servlet servlet;
  private volatile boolean available;

  ServletHolder(SipApplicationSpec.ServletSpec spec, Servlet servlet) {
    this.spec = spec;
    this.servlet = servlet;
  }

  void init(ServletConfig config) throws ServletException {
    servlet.init(config);
    available = true;
  }

  void destroy() {
    available = false;
    servlet.destroy();
  }

  Class<?> type() {
    return spec.type();
  }

  @Override
  public String getName() {
    return spec.name();
  }

  @Override
  public int getLoadOnStartup() {
    return spec.loadOnStartup();
  }

  @Override
  public Servlet allocate() throws ServletException {
    if (!available) {
      throw new ServletException("SIP servlet " + spec.name() + " is not available");
    }
    return servlet;
  }

  @Override
  public void deallocate(Servlet s) {
    // Shared instance: nothing to return.
  }

  @Override
  public boolean isUnavailable() {
    return !available;
  }
}
