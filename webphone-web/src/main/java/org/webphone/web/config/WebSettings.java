package org.webphone.web.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes the web side's typed settings ({@link WebConfig}) once, for injection: the one place they
 * are read. A bad value fails the first bean that needs them, at deployment.
 */
@ApplicationScoped
public class WebSettings {
  @Produces
  @Singleton
  WebConfig web() {
    return WebConfig.from(ConfigProvider.getConfig());
  }
}
