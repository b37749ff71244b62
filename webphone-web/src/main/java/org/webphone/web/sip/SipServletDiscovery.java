package org.webphone.web.sip;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.sip.annotation.SipApplication;
import javax.servlet.sip.annotation.SipServlet;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipApplications;

/**
 * Finds the application's SIP servlets (JSR 289 §18 annotations) while CDI scans the deployment, so
 * that an integrator adds a servlet by annotating a class: no descriptor to edit.
 */
public class SipServletDiscovery implements Extension {
  /** Our application, which sees every request no chain routes otherwise. */
  static final String MAIN = "webphone";

  private final List<Class<?>> servlets = new CopyOnWriteArrayList<>();

  <T> void found(@Observes @WithAnnotations(SipServlet.class) ProcessAnnotatedType<T> type) {
    servlets.add(type.getAnnotatedType().getJavaClass());
  }

  /**
   * The applications as the container needs them: the servlets grouped by the
   * {@code @SipApplication} on their package (JSR 289 §18.2.1), which names each application and
   * its main servlet. Ours is {@code webphone}; an integrator's servlets in another package with
   * its own {@code @SipApplication} form another application, which the router setting {@code
   * webphone.sip.application-router} places before or beside ours.
   *
   * @param setting the router's chains, e.g. {@code INVITE: call-policy, webphone}; blank: every
   *     request to {@code webphone} alone
   */
  SipApplications applications(SipApplicationSpec.ServletFactory factory, String setting) {
    Map<String, SipApplication> apps = new LinkedHashMap<>();
    Map<String, List<SipApplicationSpec.ServletSpec>> specs = new LinkedHashMap<>();
    for (Class<?> c : servlets) {
      if (!Servlet.class.isAssignableFrom(c)) {
        throw new IllegalStateException(c + " is annotated @SipServlet but is no servlet");
      }
      SipApplication a = c.getPackage().getAnnotation(SipApplication.class);
      if (a == null) {
        throw new IllegalStateException(
            c + " has no @SipApplication on its package (package-info.java)");
      }
      SipServlet s = c.getAnnotation(SipServlet.class);
      String name = s.name().isEmpty() ? c.getSimpleName() : s.name();
      apps.putIfAbsent(a.name(), a);
      specs
          .computeIfAbsent(a.name(), k -> new ArrayList<>())
          .add(
              new SipApplicationSpec.ServletSpec(
                  name, c.asSubclass(Servlet.class), s.loadOnStartup()));
    }
    if (!apps.containsKey(MAIN)) {
      throw new IllegalStateException(
          "no servlet of the " + MAIN + " application among " + servlets);
    }
    List<SipApplicationSpec> list = new ArrayList<>();
    for (Map.Entry<String, SipApplication> a : apps.entrySet()) {
      List<SipApplicationSpec.ServletSpec> own = specs.get(a.getKey());
      own.sort((x, y) -> Integer.compare(x.loadOnStartup(), y.loadOnStartup()));
      list.add(
          new SipApplicationSpec(a.getKey(), a.getValue().mainServlet(), own, Map.of(), factory));
    }
    // Ours first: the router's chains are what order requests, this only orders deployment.
    list.sort((x, y) -> Boolean.compare(!x.name().equals(MAIN), !y.name().equals(MAIN)));
    return SipApplications.parse(list, MAIN, setting)
        .serving(Set.copyOf(org.webphone.sip.WebPhoneServlet.METHODS));
  }
}
