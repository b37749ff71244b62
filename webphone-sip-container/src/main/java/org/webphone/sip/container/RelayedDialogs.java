package org.webphone.sip.container;

import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.sip.Address;
import javax.servlet.sip.Proxy;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.apache.log4j.Logger;
import org.mobicents.servlet.sip.message.SipServletRequestImpl;

/**
 * The dialogs this node relays for other nodes of its cluster ({@link HomeHops}), by the node they
 * came from, so that when that node is lost (killed, hung past failure detection, cut off) the
 * phones here hear that their calls ended, at once, instead of talking into silence until a session
 * timer runs out (RFC 4028: 90 s and more).
 *
 * <p>What a relay knows is enough to end its side: a dialog that rang and was never answered has
 * its branch cancelled; an answered one gets a BYE in the dialog (the lost node's From tag, the
 * phone's To tag, a CSeq above every one the lost node sent, RFC 3261 §12.2.1.1) with a {@code
 * Reason} (RFC 3326) that says why. The other side of the call was on the lost node: its phone lost
 * its connection with it, or the node's own legs to trunks and desk phones are for the node's
 * survivors to end with the call directory (docs/cluster.md: not yet).
 *
 * <p>Threading: {@link #began} and {@link #saw} on the stack's threads, under the core's lock of
 * the dialog's application session; {@link #endFrom} and {@link #sweep} on any thread, many dialogs
 * at once. Entries are removed when a BYE passes, when a CANCEL passes before the answer, and when
 * their application session has ended ({@link #sweep}).
 */
final class RelayedDialogs {
  /** The Reason of what this node sends when the call's node is lost (RFC 3326 §2). */
  static final String REASON = "SIP;cause=503;text=\"the call's node left the cluster\"";

  private static final Logger LOG = Logger.getLogger(RelayedDialogs.class);

  /** One relayed dialog: the lost node's side of it, as its requests showed it. */
  private static final class Relayed {
    final String upstream;
    final SipApplicationSession session;
    final Proxy proxy;
    final Address from;
    final Address to;
    final String target;
    final String callId;
    final String upstreamTag;
    volatile String phoneTag;
    volatile long cseq;

    Relayed(String upstream, SipServletRequest invite, Proxy proxy) {
      this.upstream = upstream;
      this.session = invite.getApplicationSession();
      this.proxy = proxy;
      this.from = (Address) invite.getFrom().clone();
      this.to = (Address) invite.getTo().clone();
      this.target = invite.getRequestURI().toString();
      this.callId = invite.getCallId();
      this.upstreamTag = invite.getFrom().getParameter("tag");
      this.cseq = cseqOf(invite);
    }
  }

  private final Map<String, Relayed> byCallId = new ConcurrentHashMap<>();
  private volatile SipFactory factory;

  /** The initial INVITE {@code invite} from node {@code upstream} is relayed by {@code proxy}. */
  void began(String upstream, SipServletRequest invite, Proxy proxy) {
    if (factory == null) {
      factory =
          (SipFactory)
              invite.getSession().getServletContext().getAttribute(SipFactory.class.getName());
    }
    byCallId.put(invite.getCallId(), new Relayed(upstream, invite, proxy));
  }

  /** A later request of a relayed dialog passes (either way). */
  void saw(SipServletRequest request) {
    Relayed r = byCallId.get(request.getCallId());
    if (r == null) {
      return;
    }
    String method = request.getMethod();
    if (method.equals("BYE") || (method.equals("CANCEL") && r.phoneTag == null)) {
      byCallId.remove(request.getCallId(), r);
      return;
    }
    if (r.upstreamTag != null && r.upstreamTag.equals(request.getFrom().getParameter("tag"))) {
      // From the lost node's side: its ACK names the phone's tag, each request a higher CSeq.
      String phoneTag = request.getTo().getParameter("tag");
      if (phoneTag != null) {
        r.phoneTag = phoneTag;
      }
      r.cseq = Math.max(r.cseq, cseqOf(request));
    }
  }

  /** Forgets the dialogs whose application session has ended (called every few seconds). */
  void sweep() {
    byCallId.values().removeIf(r -> !valid(r.session));
  }

  /** How many dialogs are being relayed now. */
  int size() {
    return byCallId.size();
  }

  /**
   * Ends, on this node's side, every dialog relayed for node {@code upstream}: a ringing one is
   * cancelled, an answered one gets a BYE. Returns how many it ended.
   */
  int endFrom(String upstream) {
    List<Relayed> lost = new ArrayList<>();
    byCallId
        .values()
        .removeIf(
            r -> {
              if (!r.upstream.equals(upstream)) {
                return false;
              }
              lost.add(r);
              return true;
            });
    int ended = 0;
    for (Relayed r : lost) {
      if (!valid(r.session)) {
        continue;
      }
      try {
        if (r.phoneTag == null) {
          r.proxy.cancel(
              new String[] {"SIP"}, new int[] {503}, new String[] {"the call's node left"});
        } else {
          bye(r);
        }
        ended++;
      } catch (IOException | RuntimeException e) {
        // The phone's connection closed meanwhile, or the branch had its answer: nothing to end.
        LOG.info("could not end " + r.callId + " relayed for a lost node: " + e.getMessage());
      }
    }
    return ended;
  }

  /**
   * The BYE the lost node would have sent: made by the factory in a session of its own (marked as a
   * hop's, so the application leaves its answer alone), then given the dialog's tags and CSeq,
   * which an application may not set (JSR 289 §4.1.2), on the stack's message.
   */
  private void bye(Relayed r) throws IOException {
    SipFactory f = factory;
    SipApplicationSession own = f.createApplicationSession();
    own.setAttribute(HomeHops.ATTRIBUTE, Boolean.TRUE);
    SipServletRequest bye = f.createRequest(own, "BYE", r.from, r.to);
    try {
      bye.setRequestURI(f.createURI(r.target));
      Request message = (Request) ((SipServletRequestImpl) bye).getMessage();
      ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).setCallId(r.callId);
      ((FromHeader) message.getHeader(FromHeader.NAME)).setTag(r.upstreamTag);
      ((ToHeader) message.getHeader(ToHeader.NAME)).setTag(r.phoneTag);
      ((CSeqHeader) message.getHeader(CSeqHeader.NAME)).setSeqNumber(r.cseq + 1);
    } catch (ParseException | javax.sip.InvalidArgumentException | ClassCastException e) {
      throw new IOException("cannot write the BYE of " + r.callId + ": " + e.getMessage(), e);
    } catch (javax.servlet.sip.ServletParseException e) {
      throw new IOException("the phone's contact " + r.target + " does not parse", e);
    }
    bye.setHeader("Reason", REASON);
    bye.send();
  }

  private static long cseqOf(SipServletRequest request) {
    String cseq = request.getHeader("CSeq");
    try {
      return Long.parseLong(cseq.substring(0, cseq.indexOf(' ')).trim());
    } catch (RuntimeException e) {
      return 0; // the stack parsed it before us; a broken one never gets here
    }
  }

  private static boolean valid(SipApplicationSession session) {
    try {
      return session.isValid();
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
