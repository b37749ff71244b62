package org.webphone.sip.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.servlet.Servlet;

/**
 * What an application hands the container: its SIP servlets and how to obtain and run them.
 *
 * @param name the SIP application name (JSR 289 §16.2 app-name)
 * @param mainServlet the servlet that receives every initial request (JSR 289 §16.2, main-servlet)
 * @param servlets the application's SIP servlets, in load order
 * @param initParameters servlet-context init parameters the core reads (may be empty)
 * @param factory creates servlet instances, e.g. from CDI so that they can inject beans
 */
public record SipApplicationSpec(
    String name,
    String mainServlet,
    List<ServletSpec> servlets,
    Map<String, String> initParameters,
    ServletFactory factory) {

  public SipApplicationSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mainServlet, "mainServlet");
    Objects.requireNonNull(factory, "factory");
    servlets = List.copyOf(servlets);
    initParameters = Map.copyOf(initParameters);
    if (servlets.stream().noneMatch(s -> s.name().equals(mainServlet))) {
      throw new IllegalArgumentException(
          "main servlet "
              + mainServlet
              + " is not among "
              + servlets.stream().map(ServletSpec::name).toList());
    }
  }

  /** An application of one servlet, named like it, which receives every initial request. */
  public static SipApplicationSpec single(
      String name, Class<? extends Servlet> type, ServletFactory factory) {
    return new SipApplicationSpec(
        name, name, List.of(new ServletSpec(name, type, 1)), Map.of(), factory);
  }

  /** One SIP servlet of the application. */
  public record ServletSpec(String name, Class<? extends Servlet> type, int loadOnStartup) {
    public ServletSpec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * Creates servlet instances. Called once per servlet, at deployment, on the thread that starts
   * the container. An implementation may return a proxy that runs every call in the application's
   * context (JAIN-SIP's threads carry none).
   */
  @FunctionalInterface
  public interface ServletFactory {
    Servlet create(ServletSpec spec) throws ReflectiveOperationException;
  }
}
