package org.webphone.web.sip;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.sip.annotation.SipApplication;
import javax.servlet.sip.annotation.SipServlet;
import org.webphone.sip.container.SipApplicationSpec;

/**
 * Finds the application's SIP servlets (JSR 289 §18 annotations) while CDI scans the deployment, so
 * that an integrator adds a servlet by annotating a class: no descriptor to edit.
 */
public class SipServletDiscovery implements Extension {
  private final List<Class<?>> servlets = new CopyOnWriteArrayList<>();

  <T> void found(@Observes @WithAnnotations(SipServlet.class) ProcessAnnotatedType<T> type) {
    servlets.add(type.getAnnotatedType().getJavaClass());
  }

  /**
   * The application as the container needs it. The application name and main servlet come from the
   * {@code @SipApplication} on the servlets' package (JSR 289 §18.2.1).
   */
  SipApplicationSpec application(SipApplicationSpec.ServletFactory factory) {
    List<SipApplicationSpec.ServletSpec> specs = new ArrayList<>();
    SipApplication app = null;
    for (Class<?> c : servlets) {
      if (!Servlet.class.isAssignableFrom(c)) {
        throw new IllegalStateException(c + " is annotated @SipServlet but is no servlet");
      }
      SipServlet s = c.getAnnotation(SipServlet.class);
      String name = s.name().isEmpty() ? c.getSimpleName() : s.name();
      specs.add(
          new SipApplicationSpec.ServletSpec(name, c.asSubclass(Servlet.class), s.loadOnStartup()));
      SipApplication a = c.getPackage().getAnnotation(SipApplication.class);
      if (a != null) {
        app = a;
      }
    }
    if (app == null) {
      throw new IllegalStateException("no @SipApplication on the package of any of " + servlets);
    }
    specs.sort((x, y) -> Integer.compare(x.loadOnStartup(), y.loadOnStartup()));
    return new SipApplicationSpec(app.name(), app.mainServlet(), specs, Map.of(), factory);
  }
}
