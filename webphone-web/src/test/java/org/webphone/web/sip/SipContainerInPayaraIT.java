package org.webphone.web.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Set;
import javax.servlet.Servlet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.sip.container.RawSipClient;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.container.TestPorts;
import org.webphone.sip.container.TestThreads;
import org.webphone.web.it.PackagedWar;

/**
 * The SIP container inside Payara Micro, in a deployment of its own: a servlet obtained from CDI
 * answers with its injected bean from JAIN-SIP's threads, and each stop leaves no SIP thread and
 * frees the ports for the next start.
 */
@ExtendWith(ArquillianExtension.class)
class SipContainerInPayaraIT {

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, "sip-container-it.war")
            .addClasses(
                GreetingServlet.class,
                Greeter.class,
                RawSipClient.class,
                TestPorts.class,
                TestThreads.class)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    // The container and its libraries exactly as the real WAR packages them, minus the application.
    PackagedWar.libraries(
            name -> !name.startsWith("webphone-ejb") && !name.startsWith("webphone-sip-servlet"))
        .forEach(war::addAsLibrary);
    return war;
  }

  @Inject Instance<Object> beans;

  @Inject Greeter greeter;

  @Resource ContextService contextService;

  @Test
  void aCdiServletAnswersAndEachStopLeavesNoSipThreadNorPort() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    int udp = TestPorts.freeUdp();
    int tcp = TestPorts.freeTcp();
    for (int cycle = 1; cycle <= 2; cycle++) {
      SipContainer container =
          new SipContainer(
              SipContainerConfig.loopback(udp, tcp),
              SipApplicationSpec.single(
                  "greeting",
                  GreetingServlet.class,
                  spec ->
                      contextService.createContextualProxy(
                          beans.select(spec.type()).get(), Servlet.class)));
      container.start();
      try {
        assertEquals("SIP/2.0 200 OK", RawSipClient.udp("OPTIONS", udp), "cycle " + cycle);
        assertEquals("SIP/2.0 200 OK", RawSipClient.tcp("OPTIONS", tcp), "cycle " + cycle);
      } finally {
        container.stop();
      }
      assertEquals(2 * cycle, greeter.greeted());
      assertEquals(
          Set.of(),
          TestThreads.leftSince(before, TestThreads::runsSipCode, java.time.Duration.ofSeconds(10)),
          "SIP threads alive after stop " + cycle);
      assertTrue(TestPorts.udpIsFree(udp), "UDP port still bound after stop " + cycle);
      assertTrue(TestPorts.tcpIsFree(tcp), "TCP port still bound after stop " + cycle);
    }
  }
}
