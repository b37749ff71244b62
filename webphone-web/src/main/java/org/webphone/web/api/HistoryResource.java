package org.webphone.web.api;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.webphone.account.TenantGuard;
import org.webphone.history.CallHistoryService;
import org.webphone.history.CallRecord;
import org.webphone.history.MediaQuality;

/**
 * {@code GET /api/history}: the calling phone's own calls (role {@code phone}, bearer token),
 * newest first, at most {@code limit} (default 100, at most 500). Another user's calls are never in
 * it, even of the same customer.
 */
@Path("history")
public class HistoryResource {
  /**
   * One call as the phone shows it: the other party (a user, or a number in E.164 for a call
   * through a trunk, named in {@code trunk}), which way, and how it went.
   */
  public record Entry(
      String callId,
      String direction,
      String peer,
      Instant started,
      Instant answered,
      Instant ended,
      int durationSeconds,
      String disposition,
      String hungUpBy,
      String trunk,
      Quality quality) {}

  /**
   * This phone's line in the call as the server's media anchor saw it: RTP packets the phone sent
   * and received, its packets that never reached the server, their jitter, and the round trip (null
   * when its RTCP did not tell). Null for a call whose media the server did not carry.
   */
  public record Quality(long sent, long received, long lost, double jitterMs, Integer rttMs) {}

  @EJB CallHistoryService history;

  @EJB TenantGuard guard;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Entry> get(@Context SecurityContext security, @QueryParam("limit") Integer limit) {
    long customer =
        guard
            .callerCustomer()
            .orElseThrow(() -> new jakarta.ws.rs.ForbiddenException("not a phone of a customer"));
    String principal = security.getUserPrincipal().getName(); // sip:user@domain
    String user = principal.substring(4, principal.lastIndexOf('@'));
    int max = limit == null ? 100 : Math.max(1, Math.min(500, limit));
    return history.forUser(customer, user, max).stream().map(r -> entry(r, user)).toList();
  }

  private static Entry entry(CallRecord r, String user) {
    boolean outgoing = r.getCaller().equals(user);
    return new Entry(
        r.getCallId(),
        outgoing ? "outgoing" : "incoming",
        outgoing ? r.getCallee() : r.getCaller(),
        r.getStartedAt(),
        r.getAnsweredAt(),
        r.getEndedAt(),
        r.getDurationSeconds(),
        r.getDisposition().name().toLowerCase(java.util.Locale.ROOT),
        r.getHungUpBy() == null ? null : r.getHungUpBy().name().toLowerCase(java.util.Locale.ROOT),
        r.getTrunk(),
        quality(outgoing ? r.getCallerMedia() : r.getCalleeMedia()));
  }

  private static Quality quality(MediaQuality m) {
    return m == null || !m.isKnown()
        ? null
        : new Quality(
            m.getPacketsIn(), m.getPacketsOut(), m.getLost(), m.getJitterMs(), m.getRttMs());
  }
}
