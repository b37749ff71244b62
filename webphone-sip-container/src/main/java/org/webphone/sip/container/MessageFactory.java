package org.webphone.sip.container;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.SipURI;
import javax.sip.Dialog;
import javax.sip.Transaction;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.mobicents.servlet.sip.core.MobicentsSipFactory;
import org.mobicents.servlet.sip.core.MobicentsSipServletMessageFactory;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletRequest;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletResponse;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mobicents.servlet.sip.message.SipFactoryImpl;
import org.mobicents.servlet.sip.message.SipServletRequestImpl;
import org.mobicents.servlet.sip.message.SipServletResponseImpl;

/**
 * Creates the core's request and response objects. The core's classes leave the Servlet 3.x
 * additions to {@code ServletRequest}/{@code ServletResponse} abstract; a SIP message has no
 * asynchronous HTTP processing, so those answer "not supported".
 */
public final class MessageFactory implements MobicentsSipServletMessageFactory {
  private volatile SipFactoryImpl sipFactory;
  private volatile ScheduledExecutorService graceTimers;

  /** Where {@link RefusedInvites} waits for a refused INVITE's ACK (see SipContainer). */
  void graceTimers(ScheduledExecutorService timers) {
    this.graceTimers = timers;
  }

  @Override
  public MobicentsSipServletRequest createSipServletRequest(
      Request request,
      MobicentsSipSession session,
      Transaction transaction,
      Dialog dialog,
      boolean createDialog) {
    return new SipRequest(request, sipFactory, session, transaction, dialog, createDialog);
  }

  @Override
  public MobicentsSipServletResponse createSipServletResponse(
      Response response,
      Transaction transaction,
      MobicentsSipSession session,
      Dialog dialog,
      boolean hasBeenReceived,
      boolean isRetransmission) {
    return new SipResponse(
        response, sipFactory, transaction, session, dialog, hasBeenReceived, isRetransmission);
  }

  @Override
  public MobicentsSipFactory getMobicentsSipFactory() {
    return sipFactory;
  }

  @Override
  public void setMobicentsSipFactory(MobicentsSipFactory factory) {
    this.sipFactory = (SipFactoryImpl) factory;
  }

  static final class SipRequest extends SipServletRequestImpl {
    private static final long serialVersionUID = 1L;

    SipRequest(
        Request request,
        SipFactoryImpl factory,
        MobicentsSipSession session,
        Transaction transaction,
        Dialog dialog,
        boolean createDialog) {
      super(request, factory, session, transaction, dialog, createDialog);
    }

    /**
     * JSR 289 §5.6.1: the parameters of the popped Route's URI when one was popped, else those of
     * the request URI.
     */
    @Override
    public Map<String, String[]> getParameterMap() {
      javax.servlet.sip.URI uri =
          getPoppedRoute() != null ? getPoppedRoute().getURI() : getRequestURI();
      if (!(uri instanceof SipURI sipUri)) {
        return Collections.emptyMap();
      }
      Map<String, String[]> result = new HashMap<>();
      for (Iterator<String> it = sipUri.getParameterNames(); it.hasNext(); ) {
        String name = it.next();
        result.put(name, new String[] {sipUri.getParameter(name)});
      }
      return result;
    }

    @Override
    public ServletContext getServletContext() {
      return getSipSession() == null ? null : getSipSession().getServletContext();
    }

    /**
     * The core writes our Contact with the display name of the request's From (a B2BUA's From names
     * the caller to the callee). A Contact is where to send the next request (RFC 3261 §8.1.1.8),
     * not a name to show, and phones that take the whole name-addr for their next request's URI
     * (SIPp does) would then send it nowhere: it goes without.
     */
    @Override
    public void send() throws IOException {
      if (getMessage() instanceof Request r
          && r.getHeader(ContactHeader.NAME) instanceof ContactHeader contact
          && contact.getAddress().getDisplayName() != null) {
        try {
          contact.getAddress().setDisplayName(null);
        } catch (java.text.ParseException e) {
          throw new IllegalStateException("a Contact without a display name is one", e);
        }
      }
      super.send();
    }

    @Override
    public AsyncContext startAsync() {
      throw new IllegalStateException("SIP requests have no asynchronous HTTP processing");
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
      throw new IllegalStateException("SIP requests have no asynchronous HTTP processing");
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }

    @Override
    public boolean isAsyncSupported() {
      return false;
    }

    @Override
    public AsyncContext getAsyncContext() {
      throw new IllegalStateException("SIP requests have no asynchronous HTTP processing");
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }

    @Override
    public long getContentLengthLong() {
      return getContentLength();
    }
  }

  static final class SipResponse extends SipServletResponseImpl {
    private static final long serialVersionUID = 1L;
    private final transient SipFactoryImpl factory;

    SipResponse(
        Response response,
        SipFactoryImpl factory,
        Transaction transaction,
        MobicentsSipSession session,
        Dialog dialog,
        boolean hasBeenReceived,
        boolean isRetransmission) {
      super(response, factory, transaction, session, dialog, hasBeenReceived, isRetransmission);
      this.factory = factory;
    }

    @Override
    public void send(boolean sendReliably) throws IOException {
      super.send(sendReliably);
      MessageFactory messages = (MessageFactory) factory.getMobicentsSipServletMessageFactory();
      RefusedInvites.sent(
          this,
          messages.graceTimers != null
              ? messages.graceTimers
              : factory.getSipApplicationDispatcher().getAsynchronousScheduledExecutor());
    }

    @Override
    public void setContentLengthLong(long length) {
      setContentLength(Math.toIntExact(length));
    }
  }
}
