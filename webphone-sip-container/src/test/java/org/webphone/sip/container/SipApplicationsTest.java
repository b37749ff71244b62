package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the router's setting is read, and how a mistake in it is reported. */
class SipApplicationsTest {
  private static final List<SipApplicationSpec> APPS =
      List.of(
          SipApplicationSpec.single("webphone", AnsweringServlet.class, spec -> null),
          SipApplicationSpec.single("call-policy", AnsweringServlet.class, spec -> null),
          SipApplicationSpec.single("chat", AnsweringServlet.class, spec -> null));

  @Test
  void eachListedMethodHasItsChainAndEveryOtherGoesToOursAlone() {
    SipApplications apps =
        SipApplications.parse(APPS, "webphone", " invite: call-policy ,webphone; MESSAGE: chat ;");
    assertEquals(List.of("call-policy", "webphone"), apps.chain("INVITE"));
    assertEquals(List.of("chat"), apps.chain("MESSAGE"));
    assertEquals(List.of("webphone"), apps.chain("REGISTER"));
  }

  @Test
  void aBlankSettingRoutesEverythingToOurs() {
    assertEquals(List.of("webphone"), SipApplications.parse(APPS, "webphone", "").chain("INVITE"));
    assertEquals(List.of("webphone"), SipApplications.parse(APPS, "webphone", null).chain("BYE"));
  }

  @Test
  void anUnknownApplicationIsNamedInTheRefusal() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SipApplications.parse(APPS, "webphone", "INVITE: call-polcy, webphone"));
    assertEquals(
        "the chain for INVITE names call-polcy, which is not among "
            + "[call-policy, chat, webphone]",
        e.getMessage());
  }

  @Test
  void aPartWithoutAMethodIsRefusedWithTheExpectedShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SipApplications.parse(APPS, "webphone", "call-policy, webphone"));
    assertEquals(
        "cannot read \"call-policy, webphone\": write METHOD: app, app; METHOD: app",
        e.getMessage());
  }
}
