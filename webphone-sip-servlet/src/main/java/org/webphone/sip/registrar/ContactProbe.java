package org.webphone.sip.registrar;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.servlet.ServletException;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * Sends OPTIONS to every phone registered over this node's WebSocket connections, the way
 * Kamailio's nathelper or Asterisk's qualify do: a WebSocket can stay open while the page behind it
 * froze, and only a SIP answer proves the phone will ring. The request goes over the phone's own
 * connection (the registrar routed its contact there).
 *
 * <p>Threading: {@link #probeAll} runs on the server's scheduler, {@link #answered} on JAIN-SIP
 * threads; counters are lock-free.
 */
public final class ContactProbe {
  private static final Logger LOG = Logger.getLogger(ContactProbe.class.getName());
  private final Registrar registrar;
  private volatile SipFactory factory;
  private final LongAdder sent = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** Probes come from {@code sip:webphone@<our domain>}. */
  public ContactProbe(Registrar registrar) {
    this.registrar = registrar;
  }

  /** The container's factory, once the servlet that owns the probes has started. */
  public void start(SipFactory sipFactory) {
    this.factory = sipFactory;
  }

  /** Probes each phone once; answers arrive through {@link #answered}. */
  public void probeAll() {
    SipFactory f = factory;
    if (f == null) {
      return;
    }
    for (Binding b : registrar.webSocketTargets()) {
      probe(f, b);
    }
  }

  private void probe(SipFactory f, Binding b) {
    SipApplicationSession session = f.createApplicationSession();
    try {
      SipServletRequest options =
          f.createRequest(session, "OPTIONS", registrar.domain().aor("webphone"), b.contact());
      options.setRequestURI(f.createURI(b.contact()));
      options.send();
      sent.increment();
    } catch (IOException | ServletException | RuntimeException e) {
      // The connection closed under us: the registrar hears of it from the container.
      failed.increment();
      session.invalidate();
      LOG.fine(() -> "could not probe " + b.contact() + ": " + e.getMessage());
    }
  }

  /** The answer to a probe; a 408 is the core's report that the phone never answered. */
  public void answered(SipServletResponse response) {
    if (response.getStatus() < 200) {
      return;
    }
    if (response.getStatus() == SipServletResponse.SC_REQUEST_TIMEOUT) {
      failed.increment();
      LOG.info(() -> "no answer to OPTIONS from " + response.getTo().getURI());
    } else {
      answered.increment();
    }
    if (response.getApplicationSession().isValid()) {
      response.getApplicationSession().invalidate();
    }
  }

  /** OPTIONS sent since start. */
  public long sent() {
    return sent.sum();
  }

  /** Probes a phone answered (any final response but 408: its SIP stack is alive). */
  public long answered() {
    return answered.sum();
  }

  /** Probes that could not be sent or got no answer. */
  public long failed() {
    return failed.sum();
  }
}
