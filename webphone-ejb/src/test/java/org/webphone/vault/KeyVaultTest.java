package org.webphone.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private keys are sealed with a key outside the database, and open only with it. */
class KeyVaultTest {
  private static final byte[] KEY_PEM =
      "-----BEGIN PRIVATE KEY-----\nMIGH...\n-----END PRIVATE KEY-----\n"
          .getBytes(StandardCharsets.US_ASCII);

  @Test
  void aVaultMadeInTheDataFolderKeepsItsKeyInAFileOnlyTheServerReads(@TempDir Path data)
      throws Exception {
    KeyVault vault = KeyVault.open(null, data);
    Path file = data.resolve("tls/vault.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] sealed = vault.seal(KEY_PEM);
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"));
    assertArrayEquals(KEY_PEM, KeyVault.open(null, data).open(sealed), "the same file opens it");
  }

  @Test
  void anotherKeyOrAChangedByteOpensNothing(@TempDir Path data) throws Exception {
    byte[] sealed = KeyVault.open(null, data).seal(KEY_PEM);
    String other = Base64.getEncoder().encodeToString(new byte[32]);
    assertThrows(GeneralSecurityException.class, () -> KeyVault.open(other, data).open(sealed));
    sealed[sealed.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> KeyVault.open(null, data).open(sealed));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyVault.open(Base64.getEncoder().encodeToString(new byte[16]), data));
  }
}
