package org.webphone.sip.container;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for tests: free ones to bind, and whether one is free again after a stop. */
public final class TestPorts {
  private TestPorts() {}

  public static int freeUdp() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static int freeTcp() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static boolean udpIsFree(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean tcpIsFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The one-servlet application most container tests deploy: {@link AnsweringServlet}. */
  static SipApplicationSpec answeringApplication() {
    return SipApplicationSpec.single("answering", AnsweringServlet.class, TestPorts::instantiate);
  }

  /** {@link #answeringApplication()} whose servlet can also send requests. */
  static SipApplicationSpec probingApplication() {
    return SipApplicationSpec.single("probing", ProbingServlet.class, TestPorts::instantiate);
  }

  /** A servlet made with its no-argument constructor, as a plain servlet container would. */
  static javax.servlet.Servlet instantiate(SipApplicationSpec.ServletSpec spec)
      throws ReflectiveOperationException {
    return spec.type().getDeclaredConstructor().newInstance();
  }
}
