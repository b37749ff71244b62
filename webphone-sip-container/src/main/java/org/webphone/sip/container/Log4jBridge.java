package org.webphone.sip.container;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Routes the core's and JAIN-SIP's log4j 1.x logging (reload4j) into {@code java.util.logging},
 * which the application server owns, and keeps both at WARN: INFO logging from the stack under load
 * filled the heap and killed its UDP reader in our measurements (ARCHITECTURE.md). Warnings and
 * errors pass at most once a minute per kind ({@link LogFloodGate}), with the count held back.
 */
final class Log4jBridge extends AppenderSkeleton {
  private Log4jBridge() {}

  /** Idempotent: installs the bridge once per class loader. */
  static synchronized void install() {
    Logger root = Logger.getRootLogger();
    if (root.getAppender(Log4jBridge.class.getName()) != null) {
      return;
    }
    Log4jBridge bridge = new Log4jBridge();
    bridge.setName(Log4jBridge.class.getName());
    root.addAppender(bridge);
    // The stack and the core log through log4j; DEBUG here shows every transaction decision.
    root.setLevel(
        org.apache.log4j.Level.toLevel(
            System.getProperty("webphone.sip.log-level"), org.apache.log4j.Level.WARN));
    Logger.getLogger("org.webphone").setLevel(org.apache.log4j.Level.INFO);
  }

  /** One warning or error of a kind a minute: peers can make the stack log per connection. */
  private final LogFloodGate gate =
      new LogFloodGate(TimeUnit.MINUTES.toNanos(1), 256, System::nanoTime);

  @Override
  protected void append(LoggingEvent event) {
    java.util.logging.Logger target = java.util.logging.Logger.getLogger(event.getLoggerName());
    Level level = toJul(event.getLevel());
    if (!target.isLoggable(level)) {
      return;
    }
    Throwable thrown =
        event.getThrowableInformation() == null
            ? null
            : event.getThrowableInformation().getThrowable();
    String message = event.getRenderedMessage();
    if (level.intValue() >= Level.WARNING.intValue()) {
      long held = gate.admit(LogFloodGate.kind(event.getLoggerName(), message, thrown));
      if (held < 0) {
        return;
      }
      if (held > 0) {
        message = message + "\n(" + held + " more like this in the last minute, not logged)";
      }
    }
    target.log(level, message, thrown);
  }

  private static Level toJul(org.apache.log4j.Level level) {
    int l = level.toInt();
    if (l >= org.apache.log4j.Level.ERROR_INT) {
      return Level.SEVERE;
    }
    if (l >= org.apache.log4j.Level.WARN_INT) {
      return Level.WARNING;
    }
    if (l >= org.apache.log4j.Level.INFO_INT) {
      return Level.INFO;
    }
    return l >= org.apache.log4j.Level.DEBUG_INT ? Level.FINE : Level.FINEST;
  }

  @Override
  public void close() {}

  @Override
  public boolean requiresLayout() {
    return false;
  }
}
