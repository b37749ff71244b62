package org.webphone.sip;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.webphone.sip.call.B2bua;
import org.webphone.sip.container.AnsweredRequests;
import org.webphone.sip.container.CancelArrivals;
import org.webphone.sip.profile.PhonebookNotifier;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.Registrar;

/**
 * The application's main servlet: routes each request by method to the feature that owns it.
 *
 * <p>Threading: {@code service} runs on JAIN-SIP threads, many at once; the servlet holds no state.
 */
@javax.servlet.sip.annotation.SipServlet(name = "webphone", loadOnStartup = 1)
@Dependent
public class WebPhoneServlet extends SipServlet {
  private static final long serialVersionUID = 1L;

  /**
   * The methods WebPhone serves. Out-of-dialog requests of any other method are refused before they
   * reach it (405 or 501, statelessly: the container's UnservedRequestValve).
   */
  public static final List<String> METHODS =
      List.of(
          "INVITE",
          "ACK",
          "CANCEL",
          "BYE",
          "OPTIONS",
          "REGISTER",
          "SUBSCRIBE",
          "UPDATE",
          "INFO",
          "REFER");

  static final String ALLOW = String.join(", ", METHODS);

  private final transient Registrar registrar;
  private final transient ContactProbe probe;
  private final transient PhonebookNotifier phonebook;
  private final transient B2bua calls;

  @Inject
  public WebPhoneServlet(
      Registrar registrar, ContactProbe probe, PhonebookNotifier phonebook, B2bua calls) {
    this.registrar = registrar;
    this.probe = probe;
    this.phonebook = phonebook;
    this.calls = calls;
  }

  @Override
  public void init() throws ServletException {
    SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
    probe.start(factory);
    calls.start(factory);
    // A caller's CANCEL reaches the B2BUA before the container answers it 487 (doCancel comes
    // after): its call's record is durable before the caller is told the call ended.
    getServletContext()
        .setAttribute(CancelArrivals.ATTRIBUTE, (CancelArrivals.Listener) calls::cancelArriving);
  }

  /**
   * Another node's call to a browser connected here (and every later message of its dialog) is
   * relayed as it is: the container proxies it (HomeHops), and no feature of this node acts on it.
   */
  @Override
  public void service(ServletRequest request, ServletResponse response)
      throws ServletException, IOException {
    if (!calls.hopped(request, response)) {
      super.service(request, response);
    }
  }

  @Override
  protected void doInvite(SipServletRequest request) throws IOException, ServletException {
    calls.invite(request);
  }

  @Override
  protected void doAck(SipServletRequest request) throws IOException {
    calls.ack(request);
  }

  @Override
  protected void doBye(SipServletRequest request) throws IOException {
    calls.bye(request);
  }

  @Override
  protected void doCancel(SipServletRequest request) {
    calls.callerCancelled(request);
  }

  /**
   * Answers to our own requests: probes' OPTIONS, phonebook NOTIFYs, and the calls' INVITEs and
   * BYEs.
   */
  @Override
  protected void doResponse(SipServletResponse response) throws IOException {
    if ("OPTIONS".equals(response.getMethod())) {
      probe.answered(response);
    } else if ("NOTIFY".equals(response.getMethod())) {
      phonebook.notifyAnswered(response);
    } else if ("INVITE".equals(response.getMethod())) {
      calls.inviteResponse(response);
    } else if ("BYE".equals(response.getMethod())) {
      calls.byeAnswered(response);
    } else {
      calls.inDialogResponse(response);
    }
  }

  /** RFC 3515: in a call, a blind transfer of the other party. */
  @Override
  protected void doRefer(SipServletRequest request) throws IOException, ServletException {
    calls.refer(request);
  }

  /** RFC 3311: in a call, to the other leg (hold and resume by UPDATE). */
  @Override
  protected void doUpdate(SipServletRequest request) throws IOException {
    calls.inDialog(request);
  }

  /** In a call, to the other leg: DTMF as application/dtmf-relay or application/dtmf. */
  @Override
  protected void doInfo(SipServletRequest request) throws IOException {
    calls.inDialog(request);
  }

  /**
   * RFC 6665 subscriptions: the phonebook ({@code ua-profile}) is the only event package. A refused
   * initial SUBSCRIBE (489, a challenge, 403...) opens no dialog: nothing of it stays, as for an
   * answered REGISTER.
   */
  @Override
  protected void doSubscribe(SipServletRequest request) throws IOException {
    if (!phonebook.subscribe(request)) {
      endSessions(request);
    }
  }

  @Override
  protected void doRegister(SipServletRequest request) throws IOException {
    try {
      if (!calls.registersTrunk(request)) {
        registrar.register(request);
      }
    } finally {
      endSessions(request);
    }
  }

  /** RFC 3261 §11.2: answer as an INVITE would be answered, with what we support. */
  @Override
  protected void doOptions(SipServletRequest request) throws IOException {
    SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
    ok.setHeader("Allow", ALLOW);
    ok.setHeader("Accept", "application/sdp");
    ok.setHeader("Allow-Events", PhonebookNotifier.EVENT);
    try {
      ok.send();
    } finally {
      endSessions(request);
    }
  }

  /**
   * A REGISTER, OPTIONS or refused SUBSCRIBE is answered and opens no dialog: nothing more uses it.
   */
  private static void endSessions(SipServletRequest request) {
    AnsweredRequests.release(request);
  }
}
