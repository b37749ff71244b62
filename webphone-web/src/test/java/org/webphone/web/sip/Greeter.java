package org.webphone.web.sip;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** A CDI bean the test servlet injects; it also needs the application's naming context. */
@ApplicationScoped
public class Greeter {
  private final AtomicInteger greeted = new AtomicInteger();

  /** Counts the greeting, proving injection and a java:comp lookup from a JAIN-SIP thread. */
  public int greet() throws NamingException {
    new InitialContext().lookup("java:comp/DefaultContextService");
    return greeted.incrementAndGet();
  }

  public int greeted() {
    return greeted.get();
  }
}
