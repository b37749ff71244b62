package org.webphone.sip.container;

import java.lang.reflect.Method;
import org.mobicents.servlet.sip.core.SipContext;
import org.mobicents.servlet.sip.core.security.MobicentsSipLoginConfig;

/**
 * The descriptive part of a SIP application (JSR 289 §16 descriptor elements the core may read or
 * set): plain values, kept apart from the behaviour in {@link ApplicationContext}.
 */
abstract class DescriptorProperties implements SipContext {
  private volatile String description;
  private volatile String smallIcon;
  private volatile String largeIcon;
  // JSR 289 §16: proxy-timeout defaults to 180 s, session-timeout to 3 minutes.
  private volatile int proxyTimeout = 180;
  private volatile int sipApplicationSessionTimeout = 3;
  private volatile Method applicationKeyMethod;
  private volatile MobicentsSipLoginConfig loginConfig;

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public void setDescription(String description) {
    this.description = description;
  }

  @Override
  public String getLargeIcon() {
    return largeIcon;
  }

  @Override
  public void setLargeIcon(String largeIcon) {
    this.largeIcon = largeIcon;
  }

  @Override
  public int getProxyTimeout() {
    return proxyTimeout;
  }

  @Override
  public void setProxyTimeout(int proxyTimeout) {
    this.proxyTimeout = proxyTimeout;
  }

  @Override
  public int getSipApplicationSessionTimeout() {
    return sipApplicationSessionTimeout;
  }

  @Override
  public void setSipApplicationSessionTimeout(int minutes) {
    this.sipApplicationSessionTimeout = minutes;
  }

  @Override
  public String getSmallIcon() {
    return smallIcon;
  }

  @Override
  public void setSmallIcon(String smallIcon) {
    this.smallIcon = smallIcon;
  }

  @Override
  public Method getSipApplicationKeyMethod() {
    return applicationKeyMethod;
  }

  @Override
  public void setSipApplicationKeyMethod(Method method) {
    this.applicationKeyMethod = method;
  }

  @Override
  public void setSipLoginConfig(MobicentsSipLoginConfig config) {
    this.loginConfig = config;
  }

  @Override
  public MobicentsSipLoginConfig getSipLoginConfig() {
    return loginConfig;
  }
}
