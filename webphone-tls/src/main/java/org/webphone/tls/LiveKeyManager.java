package org.webphone.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server side of TLS, answering from {@link LiveKeys}: the JDK asks it on every handshake
 * (which alias, then that alias's chain and key), so a certificate put there is presented from the
 * next handshake on, and connections already open keep theirs. Aliases are {@code
 * <generation>|<host or *>}: the chain and key of one handshake come from one snapshot even when
 * another is installed in between (the last few snapshots are kept for that).
 *
 * <p>It must extend {@link X509ExtendedKeyManager}: the JDK wraps a plain X509KeyManager in an
 * adapter that never chooses an alias for an SSLEngine.
 *
 * <p>Threading: any handshake thread; reads immutable snapshots.
 */
public final class LiveKeyManager extends X509ExtendedKeyManager {
  private static final int KEEP = 8;

  private final LiveKeys keys;
  private final ConcurrentMap<Long, LiveKeys.Snapshot> recent = new ConcurrentHashMap<>();

  public LiveKeyManager(LiveKeys keys) {
    this.keys = keys;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(
        keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : (SSLSession) null);
  }

  private String choose(String keyType, SSLSession handshake) {
    LiveKeys.Snapshot s = keys.current();
    String host = requestedHost(handshake);
    LiveKeys.Entry e = s.forHost(host);
    if (e == null || !fits(e, keyType)) {
      return null; // the JDK tries the next key type, or fails the handshake
    }
    // Per handshake: only a snapshot not seen before costs more than one map lookup.
    if (recent.putIfAbsent(s.generation(), s) == null) {
      recent.keySet().removeIf(g -> g < s.generation() - KEEP);
    }
    return s.generation() + "|" + (e == s.fallback() ? "*" : host.toLowerCase(Locale.ROOT));
  }

  /** The host name the client asked for (RFC 6066 §3 server_name), or null. */
  private static String requestedHost(SSLSession handshake) {
    if (handshake instanceof ExtendedSSLSession ext) {
      List<SNIServerName> names = ext.getRequestedServerNames();
      for (SNIServerName n : names) {
        if (n instanceof SNIHostName h) {
          return h.getAsciiName();
        }
      }
    }
    return null;
  }

  /** The JDK asks per key type ("EC", "RSA", "RSASSA-PSS"...); BouncyCastle names EC keys ECDSA. */
  private static boolean fits(LiveKeys.Entry e, String keyType) {
    String algorithm = e.key().getAlgorithm();
    if (algorithm.equals("ECDSA")) {
      algorithm = "EC";
    }
    return keyType == null
        || keyType.equalsIgnoreCase(algorithm)
        || (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA"));
  }

  private LiveKeys.Entry entry(String alias) {
    if (alias == null) {
      return null;
    }
    int bar = alias.indexOf('|');
    if (bar < 0) {
      return null;
    }
    LiveKeys.Snapshot s;
    try {
      s = recent.get(Long.parseLong(alias.substring(0, bar)));
    } catch (NumberFormatException e) {
      return null;
    }
    if (s == null) {
      return null;
    }
    String host = alias.substring(bar + 1);
    return host.equals("*") ? s.fallback() : s.forHost(host);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    LiveKeys.Entry e = entry(alias);
    return e == null ? null : e.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    LiveKeys.Entry e = entry(alias);
    return e == null ? null : e.key();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = choose(keyType, null);
    return alias == null ? null : new String[] {alias};
  }

  // The client side (our TLS connections to trunks) presents no certificate.

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
