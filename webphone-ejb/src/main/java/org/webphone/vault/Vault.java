package org.webphone.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's {@link KeyVault}, and secrets kept in text columns: {@code sealed:v1:} and the
 * Base64 of the sealed bytes. A value without that prefix was stored before sealing existed
 * (docs/security.md); it is read as it is until {@link org.webphone.trunk.TrunkPasswords} seals it.
 *
 * <p>Threading: any thread; the vault is opened once, on first use.
 */
@ApplicationScoped
public class Vault {
  static final String PREFIX = "sealed:v1:";

  @Inject
  @ConfigProperty(name = "webphone.tls.vault-key")
  Optional<String> vaultKey;

  @Inject
  @ConfigProperty(name = "webphone.data.dir")
  String dataDir;

  private volatile KeyVault opened;

  /** The vault: the configured key, or the data folder's key file (made on first use). */
  public KeyVault keys() {
    KeyVault v = opened;
    if (v == null) {
      synchronized (this) {
        if (opened == null) {
          try {
            opened = KeyVault.open(vaultKey.orElse(null), Path.of(dataDir));
          } catch (IOException e) {
            throw new UncheckedIOException("the key vault cannot be opened", e);
          }
        }
        v = opened;
      }
    }
    return v;
  }

  /** {@code plain} sealed for {@code purpose}, as text for a column; null stays null. */
  public String sealText(String plain, String purpose) {
    if (plain == null) {
      return null;
    }
    try {
      byte[] sealed = keys().seal(plain.getBytes(StandardCharsets.UTF_8), purpose);
      return PREFIX + Base64.getEncoder().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  /**
   * The secret in {@code stored}: opened when sealed, as it is when stored before sealing.
   *
   * @throws IllegalStateException when it was sealed with another key or for another purpose
   */
  public String openText(String stored, String purpose) {
    if (stored == null || !isSealed(stored)) {
      return stored;
    }
    try {
      byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      return new String(keys().open(sealed, purpose), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "a sealed value does not open with this node's vault key (webphone.tls.vault-key)", e);
    }
  }

  public static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }
}
