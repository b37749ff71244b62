package org.webphone.web.ws;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Fails closed when {@link SipHandshakeFilter} did not see a handshake: a filter Payara cannot make
 * is left out of the chain with only a log line, and then every Origin and every address got
 * through (found when a configuration type it could not inject did just that). A handshake without
 * the filter's mark fails: the configurator throws, and Tyrus answers the upgrade with an error.
 */
public class SipEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private static final Logger LOG = Logger.getLogger(SipEndpointConfigurator.class.getName());

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    Map<String, List<String>> headers = request.getHeaders();
    List<String> mark =
        headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(SipHandshakeFilter.CHECKED))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(List.of());
    if (!mark.equals(List.of(SipHandshakeFilter.TOKEN))) {
      LOG.severe("a /sip handshake bypassed SipHandshakeFilter (did it fail to start?): refused");
      throw new IllegalStateException("the /sip handshake was not checked");
    }
  }
}
