package org.webphone.sip.container;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;
import org.apache.log4j.Logger;

/**
 * The {@code javax.servlet} context and config objects the Mobicents core and JSR 289 servlets
 * expect. The application itself lives in the {@code jakarta} world, so these are standalone:
 * attributes, init parameters and logging are all a SIP servlet uses (there is no HTTP/SIP session
 * convergence).
 */
final class JavaxServletContexts {
  private static final Logger LOG = Logger.getLogger(JavaxServletContexts.class);

  private JavaxServletContexts() {}

  static ServletContext context(
      String name, Map<String, String> initParameters, ClassLoader classLoader) {
    Map<String, Object> attributes = new ConcurrentHashMap<>();
    return (ServletContext)
        Proxy.newProxyInstance(
            JavaxServletContexts.class.getClassLoader(),
            new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getAttribute":
                  return attributes.get((String) args[0]);
                case "setAttribute":
                  if (args[1] == null) {
                    attributes.remove((String) args[0]);
                  } else {
                    attributes.put((String) args[0], args[1]);
                  }
                  return null;
                case "removeAttribute":
                  attributes.remove((String) args[0]);
                  return null;
                case "getAttributeNames":
                  return Collections.enumeration(attributes.keySet());
                case "getInitParameter":
                  return initParameters.get((String) args[0]);
                case "getInitParameterNames":
                  return Collections.enumeration(initParameters.keySet());
                case "getServletContextName":
                case "getContextPath":
                  return name;
                case "getClassLoader":
                  return classLoader;
                case "getMajorVersion":
                case "getEffectiveMajorVersion":
                  return 3;
                case "getMinorVersion":
                case "getEffectiveMinorVersion":
                  return 1;
                case "getServerInfo":
                  return "WebPhone SIP container";
                case "log":
                  if (args.length == 2 && args[1] instanceof Throwable t) {
                    LOG.warn(args[0], t);
                  } else {
                    LOG.info(args[0]);
                  }
                  return null;
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                case "toString":
                  return "ServletContext[" + name + "]";
                default:
                  // Resources, dispatchers, dynamic registration: HTTP features a SIP servlet
                  // has no use for here.
                  throw new UnsupportedOperationException(
                      "ServletContext." + method.getName() + " is not available to SIP servlets");
              }
            });
  }

  static ServletConfig config(String servletName, ServletContext context) {
    return new ServletConfig() {
      @Override
      public String getServletName() {
        return servletName;
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return null;
      }

      @Override
      public java.util.Enumeration<String> getInitParameterNames() {
        return Collections.emptyEnumeration();
      }
    };
  }
}
