package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webphone.sip.container.tls.TestCertificates;

/** Which names a client certificate proves: its subjectAltName DNS names and addresses only. */
class PeerCertificatesTest {
  @TempDir Path dir;

  @Test
  void theSubjectAltNamesInLowerCaseNotTheCommonName() throws Exception {
    TestCertificates ca = new TestCertificates(dir);
    ca.issue("sbc", "dns:SBC.Carrier.Test,ip:192.0.2.7,email:noc@carrier.test");

    assertEquals(
        List.of("sbc.carrier.test", "192.0.2.7"),
        PeerCertificates.names(ca.entry("sbc").chain()[0]));
  }
}
