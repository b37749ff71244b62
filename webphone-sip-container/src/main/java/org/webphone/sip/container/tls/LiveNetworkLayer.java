package org.webphone.sip.container.tls;

import gov.nist.core.net.NetworkLayer;
import gov.nist.core.net.SslNetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import org.webphone.tls.LiveKeyManager;
import org.webphone.tls.LiveKeys;

/**
 * The SIP stack's sockets ({@code gov.nist.javax.sip.NETWORK_LAYER}): as jain-sip's own
 * SslNetworkLayer makes them, except that TLS server sockets take their keys from {@link LiveKeys}
 * through a {@link LiveKeyManager}, so certificates change while the listener runs. A key store the
 * operator gave ({@code javax.net.ssl.keyStore*}) becomes the fallback certificate; without one the
 * application puts its own in LiveKeys. Client TLS (to trunks) trusts the JDK's CAs and checks the
 * peer's name ({@link TlsPeerNames}).
 *
 * <p>Why here: the stack's blocking (OIO) TLS transport, which we use, builds its SSLContext in the
 * network layer from the key store file; the security manager provider is read by the NIO transport
 * only.
 *
 * <p>Made by the stack by class name, once per stack, on the thread that starts it.
 */
public final class LiveNetworkLayer implements NetworkLayer {
  private static final String JDK_CACERTS =
      Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString();

  private SslNetworkLayer plain;
  private SSLServerSocketFactory liveServers;

  @Override
  public void setSipStack(SipStackImpl stack) {
    String file = System.getProperty("javax.net.ssl.keyStore");
    String password = System.getProperty("javax.net.ssl.keyStorePassword", "");
    String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
    try {
      if (file != null) {
        // The operator's own key store: its certificate is the fallback.
        if (!Files.isReadable(Path.of(file))) {
          throw new IllegalStateException("javax.net.ssl.keyStore " + file + " is not readable");
        }
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          store.load(in, password.toCharArray());
        }
        fallback(store, password);
      }
      // jain-sip's layer serves plain sockets and our client TLS (to trunks); it insists on key
      // and trust store files. Trust is the JDK's (the trunks' CAs are public ones), and we
      // present no client certificate: the JDK's cacerts serves as both.
      String trust = System.getProperty("javax.net.ssl.trustStore", JDK_CACERTS);
      char[] trustPassword =
          System.getProperty("javax.net.ssl.trustStorePassword", "changeit").toCharArray();
      String trustType =
          System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
      plain =
          new SslNetworkLayer(
              stack, trust, trust, trustPassword, trustPassword, trustType, trustType);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new LiveKeyManager(LiveKeys.shared())}, null, new SecureRandom());
      liveServers = context.getServerSocketFactory();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS key store " + file + ": " + e.getMessage(), e);
    }
  }

  private static void fallback(KeyStore store, String password) throws GeneralSecurityException {
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        Certificate[] chain = store.getCertificateChain(alias);
        PrivateKey key = (PrivateKey) store.getKey(alias, password.toCharArray());
        LiveKeys.shared()
            .seedFallback(
                new LiveKeys.Entry(
                    Arrays.copyOf(chain, chain.length, X509Certificate[].class), key));
        return;
      }
    }
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress)
      throws IOException {
    return (SSLServerSocket) liveServers.createServerSocket(port, backlog, bindAddress);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress)
      throws IOException {
    return plain.createServerSocket(port, backlog, bindAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return plain.createSocket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress)
      throws IOException {
    return plain.createSocket(address, port, localAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return plain.createSocket(address, port, localAddress, localPort);
  }

  /** A client TLS socket (to a trunk), checking the name it is for ({@link TlsPeerNames}). */
  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    SSLSocket s = plain.createSSLSocket(address, port);
    TlsPeerNames.shared().secure(s, address);
    return s;
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress)
      throws IOException {
    SSLSocket s = plain.createSSLSocket(address, port, localAddress);
    TlsPeerNames.shared().secure(s, address);
    return s;
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return plain.createDatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
    return plain.createDatagramSocket(port, laddr);
  }
}
