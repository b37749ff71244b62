package org.webphone.web.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this application owns its JVM ({@code webphone.cluster.owns-process}): under the run
 * command (Payara Micro, one application) a node that must stop (it refuses to join its cluster, or
 * it has drained) ends the process, and whatever runs it sees it go. On a shared application server
 * (Payara Server: docs/payara-server.md) the same node only stops serving: ending the JVM would
 * take the server and every other application with it, and leaving the data grid would take the
 * grid from the server too.
 *
 * <p>Threading: immutable after injection.
 */
@ApplicationScoped
public class ProcessOwner {
  @Inject
  @ConfigProperty(name = "webphone.cluster.owns-process")
  boolean owns;

  /** Whether the application may end the process. */
  public boolean owns() {
    return owns;
  }

  /**
   * Ends the process with {@code status} after {@code last}, on a thread of its own (the shutdown
   * that exit starts stops this application, and must not wait for the caller), if the application
   * owns it; otherwise does nothing and returns false.
   */
  public boolean exit(int status, String threadName, Runnable last) {
    if (!owns) {
      return false;
    }
    new Thread(
            () -> {
              last.run();
              System.exit(status);
            },
            threadName)
        .start();
    return true;
  }
}
