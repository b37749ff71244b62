package org.webphone.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;

/** Which trunk a dialled number leaves through, and why one does not leave at all. */
class TrunkRouterTest {
  private static final long CUSTOMER = 5;
  private final List<TrunkRoute> trunks = new ArrayList<>();
  private final Map<String, DidRoute> dids = new HashMap<>();
  private OutboundStanding standing = new OutboundStanding("DE", true, true);

  private final TrunkRouter router =
      new TrunkRouter(
          new TrunkDirectory() {
            @Override
            public List<TrunkRoute> trunks() {
              return trunks;
            }

            @Override
            public Optional<DidRoute> did(String e164) {
              return Optional.ofNullable(dids.get(e164));
            }

            @Override
            public Optional<String> numberOf(String username) {
              return Optional.of("+49301111111");
            }

            @Override
            public OutboundStanding standing(long customer) {
              return standing;
            }
          });

  private static TrunkRoute trunk(String name, Long customer, int priority, String... prefixes) {
    return TrunkRoute.builder(name, "gw", 5060)
        .id(name.hashCode())
        .customer(customer)
        .prefixes(List.of(prefixes))
        .priority(priority)
        .build();
  }

  private String chosen(String dialled) {
    TrunkRouter.Outbound out = router.outbound(CUSTOMER, "alice", dialled);
    return assertInstanceOf(TrunkRouter.Route.class, out, out.toString()).trunk().name();
  }

  @Test
  void theCustomersOwnTrunkGoesBeforeAGlobalOneEvenWithAShorterPrefix() {
    trunks.add(trunk("global-berlin", null, 0, "+4930"));
    trunks.add(trunk("own", CUSTOMER, 9, "+49"));
    assertEquals("own", chosen("0301234567"));
  }

  @Test
  void amongEqualsTheLongestPrefixThenTheLowestPriorityWins() {
    trunks.add(trunk("germany", null, 0, "+49"));
    trunks.add(trunk("berlin-b", null, 5, "+4930"));
    trunks.add(trunk("berlin-a", null, 1, "+4930"));
    assertEquals("berlin-a", chosen("+49 30 1234567"));
    assertEquals("germany", chosen("089 1234567"));
  }

  @Test
  void aCustomersOwnTrunkDeliversOnlyThatCustomersNumbersAndAGlobalOneEveryones() {
    dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("alice")));
    TrunkRoute global = trunk("global", null, 0);
    TrunkRoute own = trunk("own", CUSTOMER, 0);
    TrunkRoute theirs = trunk("theirs", 99L, 0);
    assertEquals("alice", router.inbound(global, "+49301111111").orElseThrow().usernames().get(0));
    assertEquals("alice", router.inbound(own, "+49301111111").orElseThrow().usernames().get(0));
    assertEquals(Optional.empty(), router.inbound(theirs, "+49301111111"));
  }

  @Test
  void anotherCustomersTrunkIsNeverUsed() {
    trunks.add(trunk("theirs", 99L, 0));
    TrunkRouter.Outbound out = router.outbound(CUSTOMER, "alice", "0301234567");
    assertEquals(new TrunkRouter.Refused(404, "No trunk serves +49301234567"), out);
  }

  @Test
  void theRouteCarriesTheNumberInE164AndTheCallersOwnNumber() {
    trunks.add(trunk("any", null, 0));
    TrunkRouter.Route r =
        (TrunkRouter.Route) router.outbound(CUSTOMER, "alice", "030 1234567".replace(" ", ""));
    assertEquals("+49301234567", r.e164());
    assertEquals(Optional.of("+49301111111"), r.callingNumber());
  }

  @Test
  void standingIsCheckedForNumbersOnlyEmailFirst() {
    trunks.add(trunk("any", null, 0));
    standing = new OutboundStanding("DE", false, false);
    assertEquals(
        new TrunkRouter.Refused(403, "Trunk calls need a verified email"),
        router.outbound(CUSTOMER, "alice", "0301234567"));
    standing = new OutboundStanding("DE", true, false);
    assertEquals(
        new TrunkRouter.Refused(403, "Trunk calls need a positive balance"),
        router.outbound(CUSTOMER, "alice", "0301234567"));
    assertInstanceOf(TrunkRouter.NotANumber.class, router.outbound(CUSTOMER, "alice", "dave"));
  }

  @Test
  void namesAndShortDigitsAreNotNumbersButLongInvalidDigitsAreToldWhy() {
    trunks.add(trunk("any", null, 0));
    assertInstanceOf(TrunkRouter.NotANumber.class, router.outbound(CUSTOMER, "alice", "dave"));
    assertInstanceOf(TrunkRouter.NotANumber.class, router.outbound(CUSTOMER, "alice", "1009"));
    TrunkRouter.Outbound out = router.outbound(CUSTOMER, "alice", "0000000000");
    assertEquals(404, assertInstanceOf(TrunkRouter.Refused.class, out).status());
  }
}
