package org.webphone.sip.container;

import org.mobicents.servlet.sip.core.SipContext;
import org.mobicents.servlet.sip.core.session.SipListenersHolder;

/**
 * The core's listener registry. Listener classes come from the application through {@link
 * SipApplicationSpec}; none are declared by name, so loading by class name only has to succeed.
 */
final class ListenersHolder extends SipListenersHolder {
  ListenersHolder(SipContext context) {
    super(context);
  }

  @Override
  public boolean loadListeners(String[] listeners, ClassLoader classLoader) {
    return listeners.length == 0;
  }
}
