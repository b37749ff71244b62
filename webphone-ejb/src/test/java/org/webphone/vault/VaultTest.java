package org.webphone.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in text columns: sealed for one purpose with this node's key, and only that opens. */
class VaultTest {
  private static final String TRUNK = "webphone trunk password v1";

  @TempDir Path data;

  private Vault vault(Path dataDir) {
    Vault v = new Vault();
    v.vaultKey = Optional.empty();
    v.dataDir = dataDir.toString();
    return v;
  }

  @Test
  void aPasswordIsStoredSealedAndOpensAgainWithTheSameKey() {
    String stored = vault(data).sealText("s3cret", TRUNK);
    assertTrue(Vault.isSealed(stored), stored);
    assertFalse(stored.contains("s3cret"), stored);
    assertEquals("s3cret", vault(data).openText(stored, TRUNK), "a new node with the same key");
    assertFalse(stored.equals(vault(data).sealText("s3cret", TRUNK)), "a fresh nonce each time");
  }

  @Test
  void aValueSealedForAnotherPurposeOrWithAnotherKeyDoesNotOpen(@TempDir Path elsewhere) {
    String stored = vault(data).sealText("s3cret", TRUNK);
    assertThrows(IllegalStateException.class, () -> vault(data).openText(stored, "other v1"));
    assertThrows(IllegalStateException.class, () -> vault(elsewhere).openText(stored, TRUNK));
  }

  @Test
  void aValueStoredBeforeSealingIsReadAsItIsAndNothingStaysNothing() {
    assertEquals("legacy", vault(data).openText("legacy", TRUNK));
    assertNull(vault(data).sealText(null, TRUNK));
    assertNull(vault(data).openText(null, TRUNK));
  }
}
