package org.webphone.sip.container;

import java.lang.reflect.Field;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.Transaction;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.TransportAlreadySupportedException;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;
import org.mobicents.servlet.sip.core.DispatcherException;
import org.mobicents.servlet.sip.core.SipApplicationDispatcher;
import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;
import org.mobicents.servlet.sip.core.dispatchers.MessageDispatcher;
import org.mobicents.servlet.sip.core.dispatchers.MessageDispatcherFactory;
import org.mobicents.servlet.sip.core.dispatchers.SubsequentRequestDispatcher;
import org.mobicents.servlet.sip.message.SipServletMessageImpl;
import org.mobicents.servlet.sip.message.SipServletRequestImpl;

/**
 * Closes the core's stateless forwarding of subsequent requests: the node never relays a request
 * that matches no dialog or session of its own, whatever its To tag, Route or Request-URI.
 *
 * <p>Why: the core's subsequent-request dispatcher sends a request it cannot map to an application
 * straight on to its Request-URI with {@link SipProvider#sendRequest} (Mobicents issue 823, meant
 * for proxies whose phones ignore Record-Route). Anyone who writes a To tag the core cannot map
 * (any shape: {@link UnknownDialogValve} recognises our tag format, but "almost ours" tags pass it)
 * made the node an open relay towards any host and port, and a loop towards itself. Recognising
 * tags cannot close that; taking the stateless send away from that dispatcher can. Every request it
 * handles goes through a provider that refuses the stateless send, and a request it tried to relay
 * is answered 481 instead (RFC 3261 §12.2.2), or dropped when it is an ACK (§17.1.1.3 : an ACK is
 * never answered). Stateful forwarding of proxy applications (record-routed dialogs, the integrator
 * chain of docs/integrators.md) uses client transactions and dialogs, never this send, and keeps
 * working.
 *
 * <p>The core answers a request it cannot map to a session by throwing (481, or 500 for a tag it
 * cannot read), and logs each one as an error with its stack trace: a flood of made-up in-dialog
 * requests became a flood of log lines. Those are answered 481 here, counted, and logged at most
 * once a minute.
 *
 * <p>Installed once per container start, after {@link SipApplicationDispatcherImpl#init()} made the
 * core's dispatcher factory. Called on the stack's worker threads, many at once; holds no state but
 * its counter.
 */
final class ClosedRelay extends SubsequentRequestDispatcher {
  private static final Logger LOG = Logger.getLogger(ClosedRelay.class);
  private final RateLimitedLog refusals = new RateLimitedLog(LOG, 60_000);
  private final AtomicLong relaysRefused = new AtomicLong();

  private ClosedRelay(SipApplicationDispatcher dispatcher) {
    this.sipApplicationDispatcher = dispatcher;
  }

  /**
   * Puts a closed relay in place of the core's subsequent-request dispatcher.
   *
   * @throws IllegalStateException when the core's fields are not where this version keeps them: the
   *     container must not start with the relay open
   */
  static ClosedRelay install(SipApplicationDispatcherImpl dispatcher) {
    try {
      Field factoryField =
          SipApplicationDispatcherImpl.class.getDeclaredField("messageDispatcherFactory");
      factoryField.setAccessible(true);
      MessageDispatcherFactory factory = (MessageDispatcherFactory) factoryField.get(dispatcher);
      Field subsequent =
          MessageDispatcherFactory.class.getDeclaredField("subsequentRequestDispatcher");
      subsequent.setAccessible(true);
      ClosedRelay closed = new ClosedRelay(dispatcher);
      subsequent.set(factory, closed);
      if (subsequent.get(factory) != closed) {
        throw new IllegalStateException("the core kept its own subsequent-request dispatcher");
      }
      return closed;
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "cannot close the core's stateless relay (unknown sip-servlets-impl version?)", e);
    }
  }

  /** Requests that would have been relayed, or were for no session of ours, answered or dropped. */
  long refused() {
    return relaysRefused.get();
  }

  @Override
  public void dispatchMessage(SipProvider provider, SipServletMessageImpl message)
      throws DispatcherException {
    NoStatelessSend guarded = new NoStatelessSend(provider);
    try {
      super.dispatchMessage(guarded, message);
    } catch (DispatcherException | RuntimeException e) {
      // Servlets run inside the dispatch task, which answers their failures itself (the executor
      // is bypassed: StackSettings); what escapes here is the core failing to map the request to
      // an application or session of ours: it says 481, or 500 for a tag it could not read, or
      // fails on a tag with our marks but too few parts (an ArrayIndexOutOfBoundsException).
      refuse((SipServletRequestImpl) message, provider, "for no session of this node");
      return;
    }
    SipServletRequestImpl request = (SipServletRequestImpl) message;
    if (guarded.refused) {
      refuse(request, provider, "that would have left statelessly");
    } else if (Request.ACK.equals(request.getMethod())
        && request.getSipSessionKey() == null
        && request.getTransaction() == null) {
      // The core dropped an ACK that found neither a session nor a transaction of ours (it takes
      // it for the ACK of an error response): a refusal all the same, counted.
      refuse(request, provider, "for no session of this node");
    }
  }

  private void refuse(SipServletRequestImpl request, SipProvider provider, String why) {
    relaysRefused.incrementAndGet();
    if (!Request.ACK.equals(request.getMethod())) {
      MessageDispatcher.sendErrorResponse(
          sipApplicationDispatcher, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, provider);
    }
    refusals.warn("refused in-dialog requests " + why + " (481, or dropped for ACK)");
  }

  /**
   * The provider the core's dispatcher is handed: everything but the stateless send of a request
   * goes to the real one; that send is refused and remembered. One per request, on its thread.
   */
  private static final class NoStatelessSend implements SipProvider {
    private final SipProvider real;
    private boolean refused;

    NoStatelessSend(SipProvider real) {
      this.real = real;
    }

    @Override
    public void sendRequest(Request request) {
      refused = true;
    }

    @Override
    public void sendResponse(Response response) throws SipException {
      real.sendResponse(response);
    }

    @Override
    public ClientTransaction getNewClientTransaction(Request request)
        throws TransactionUnavailableException {
      return real.getNewClientTransaction(request);
    }

    @Override
    public ServerTransaction getNewServerTransaction(Request request)
        throws TransactionAlreadyExistsException, TransactionUnavailableException {
      return real.getNewServerTransaction(request);
    }

    @Override
    public Dialog getNewDialog(Transaction transaction) throws SipException {
      return real.getNewDialog(transaction);
    }

    @Override
    public CallIdHeader getNewCallId() {
      return real.getNewCallId();
    }

    @Override
    public SipStack getSipStack() {
      return real.getSipStack();
    }

    @Override
    public ListeningPoint getListeningPoint() {
      return real.getListeningPoint();
    }

    @Override
    public ListeningPoint[] getListeningPoints() {
      return real.getListeningPoints();
    }

    @Override
    public ListeningPoint getListeningPoint(String transport) {
      return real.getListeningPoint(transport);
    }

    @Override
    public void addSipListener(SipListener listener) throws TooManyListenersException {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }

    @Override
    public void removeSipListener(SipListener listener) {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }

    @Override
    public void setListeningPoint(ListeningPoint listeningPoint) throws ObjectInUseException {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }

    @Override
    public void addListeningPoint(ListeningPoint listeningPoint)
        throws ObjectInUseException, TransportAlreadySupportedException {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }

    @Override
    public void removeListeningPoint(ListeningPoint listeningPoint) throws ObjectInUseException {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }

    @Override
    public void setAutomaticDialogSupportEnabled(boolean enabled) {
      throw new UnsupportedOperationException("the dispatcher's provider is not reconfigured");
    }
  }
}
