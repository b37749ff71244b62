package org.webphone.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The certificates the TLS listeners present, swappable while they run: per host name (chosen by
 * the client's SNI), and a fallback for clients that name none (most SIP phones) or a name we have
 * none for. Each change makes a new immutable snapshot with a higher generation; {@link
 * LiveKeyManager} names its choices by generation, so a handshake that straddles a change gets its
 * key and chain from the same snapshot.
 *
 * <p>One per class loader ({@link #shared()}): Payara's HTTPS listener and the SIP stack make their
 * key managers by class name, so they and the application meet here. In the run command this class
 * comes from an {@code --addlibs} jar, loaded by Payara's runtime class loader, which the
 * application's class loader asks first: one holder for all three. Where the jar is not given
 * (Arquillian's servers), the application's own copy serves SIP over TLS only.
 *
 * <p>Threading: any thread; writers replace the snapshot atomically.
 */
public final class LiveKeys {
  /** A certificate chain (the server's first) and its private key. */
  public record Entry(X509Certificate[] chain, PrivateKey key) {}

  /** Everything the listeners present at one moment. */
  public record Snapshot(long generation, Map<String, Entry> byHost, Entry fallback) {
    /** The entry for {@code host} (exactly, or by a one-label wildcard), else the fallback. */
    public Entry forHost(String host) {
      if (host != null) {
        String h = host.toLowerCase(Locale.ROOT);
        Entry exact = byHost.get(h);
        if (exact != null) {
          return exact;
        }
        int dot = h.indexOf('.');
        if (dot > 0) {
          Entry wildcard = byHost.get("*" + h.substring(dot));
          if (wildcard != null) {
            return wildcard;
          }
        }
      }
      return fallback;
    }
  }

  private static final LiveKeys SHARED = new LiveKeys();

  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(new Snapshot(0, Map.of(), null));

  public static LiveKeys shared() {
    return SHARED;
  }

  public Snapshot current() {
    return current.get();
  }

  /** The certificate for clients that send no name we know. */
  public void fallback(Entry entry) {
    current.updateAndGet(s -> new Snapshot(s.generation() + 1, s.byHost(), entry));
  }

  /** The started key store's certificate, as fallback, unless one is there already. */
  public void seedFallback(Entry entry) {
    current.updateAndGet(
        s -> s.fallback() != null ? s : new Snapshot(s.generation() + 1, s.byHost(), entry));
  }

  /** Stops presenting a name's own certificate: its clients get the fallback from now on. */
  public void remove(String host) {
    current.updateAndGet(
        s -> {
          Map<String, Entry> m = new HashMap<>(s.byHost());
          return m.remove(host.toLowerCase(Locale.ROOT)) == null
              ? s
              : new Snapshot(s.generation() + 1, Map.copyOf(m), s.fallback());
        });
  }

  /** Presents {@code entry} to clients that ask for {@code host} (SNI) from now on. */
  public void put(String host, Entry entry) {
    current.updateAndGet(
        s -> {
          Map<String, Entry> m = new HashMap<>(s.byHost());
          m.put(host.toLowerCase(Locale.ROOT), entry);
          return new Snapshot(s.generation() + 1, Map.copyOf(m), s.fallback());
        });
  }
}
