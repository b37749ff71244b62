package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V19 on a database that has trunks: the carrier that sent calls from its addresses keeps taking
 * them, now trusted by address as an explicit choice; the one without inbound addresses takes none;
 * neither gets a realm it never had, nor asserts identities.
 */
class TrunkTrustMigrationTest {
  private final ScratchDatabase database = new ScratchDatabase();
  private final String url = database.url;

  @Test
  void trunksThatTookCallsByAddressKeepDoingSoExplicitly() throws SQLException {
    database.migrate("18");
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        Statement s = db.createStatement()) {
      s.execute(trunk(1, "interconnect", "192.0.2.10 192.0.2.11:5070"));
      s.execute(trunk(2, "outbound-only", ""));
    }

    database.migrate("latest");

    try (Connection db = DriverManager.getConnection(url, "sa", "");
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name, inbound_trust, realm, asserts_identity, inbound_username"
                    + " FROM trunk ORDER BY id")) {
      assertTrue(r.next());
      assertEquals("ADDRESS", r.getString("inbound_trust"), r.getString("name"));
      assertNull(r.getString("realm"), "no realm made up");
      assertFalse(r.getBoolean("asserts_identity"));
      assertNull(r.getString("inbound_username"));
      assertTrue(r.next());
      assertEquals("NONE", r.getString("inbound_trust"), r.getString("name"));
      assertFalse(r.next());
    }
  }

  private static String trunk(long id, String name, String inbound) {
    return "INSERT INTO trunk (id, name, host, port, transport, username, password, prefixes,"
        + " number_format, priority, inbound_addresses, enabled) VALUES ("
        + id
        + ", '"
        + name
        + "', 'sip.carrier.example', 5060, 'UDP', 'u', NULL, '', 'E164', 0, '"
        + inbound
        + "', TRUE)";
  }
}
