package org.webphone.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets before they reach the database (TLS private keys, trunk passwords: AES-256-GCM, a
 * fresh 96-bit nonce each time, the record's purpose as associated data, so that a value sealed for
 * one purpose does not open as another), with a key that is never in the database: from
 * configuration ({@code webphone.tls.vault-key}, 32 bytes in Base64) or else from a file made on
 * first use, readable by the server's user only ({@code <data>/tls/vault.key}, mode 0600). A copy
 * of the database alone opens no key.
 */
public final class KeyVault {
  private static final int NONCE = 12;
  private static final byte[] PURPOSE =
      "webphone tls private key v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private KeyVault(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the vault key must be 32 bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The configured key (Base64), or the data folder's key file, made when missing. */
  public static KeyVault open(String configured, Path dataDir) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return new KeyVault(Base64.getDecoder().decode(configured.trim()));
    }
    Path file = dataDir.resolve("tls").resolve("vault.key");
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not POSIX: the folder's own protection applies
      }
      Files.write(file, fresh, StandardOpenOption.TRUNCATE_EXISTING);
    }
    return new KeyVault(Files.readAllBytes(file));
  }

  /** Seals a TLS private key. */
  public byte[] seal(byte[] plain) throws GeneralSecurityException {
    return seal(plain, PURPOSE);
  }

  /** Seals {@code plain} for {@code purpose} (e.g. "webphone trunk password v1"). */
  public byte[] seal(byte[] plain, String purpose) throws GeneralSecurityException {
    return seal(plain, purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private byte[] seal(byte[] plain, byte[] purpose) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    c.updateAAD(purpose);
    byte[] sealed = c.doFinal(plain);
    return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
  }

  /**
   * @throws GeneralSecurityException when the bytes were not sealed with this key, or changed
   */
  public byte[] open(byte[] sealed) throws GeneralSecurityException {
    return open(sealed, PURPOSE);
  }

  /**
   * @throws GeneralSecurityException when the bytes were not sealed with this key for {@code
   *     purpose}, or changed
   */
  public byte[] open(byte[] sealed, String purpose) throws GeneralSecurityException {
    return open(sealed, purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private byte[] open(byte[] sealed, byte[] purpose) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE));
    c.updateAAD(purpose);
    return c.doFinal(sealed, NONCE, sealed.length - NONCE);
  }
}
