package org.webphone.sip.container.ws;

import gov.nist.javax.sip.ThreadAffinityIdentifier;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.log4j.Logger;
import org.webphone.sip.container.Flow;

/**
 * One browser connection inside JAIN-SIP: each text frame is one SIP message (RFC 7118 §4.2),
 * parsed by the stack's parser and handed to the same processing as a TCP message (Via
 * received/rport, transactions, dialogs, the core's dispatcher). Answers and requests for this
 * browser go back as text frames on the same connection.
 *
 * <p>Threading: {@link #receive} runs on the web container's thread that read the frame and only
 * queues it; the frames of one connection are then parsed and processed in order on one thread of
 * JAIN-SIP's affinity executor (so one parser per connection suffices). Sends come from JAIN-SIP
 * threads.
 */
final class WsMessageChannel extends ConnectionOrientedMessageChannel {
  private static final Logger LOG = Logger.getLogger(WsMessageChannel.class);
  private final WsMessageProcessor processor;
  private final WebSocketPeer peer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final MessageParser parser;
  private final Flow flow;
  private final InviteDialogs dialogs = new InviteDialogs();

  WsMessageChannel(
      SIPTransactionStack stack,
      WsMessageProcessor processor,
      WebSocketPeer peer,
      int syntheticPort)
      throws IOException {
    super(stack);
    this.processor = processor;
    this.peer = peer;
    this.peerAddress = InetAddress.getByName(peer.remoteAddress());
    this.peerPort = syntheticPort;
    this.peerProtocol = processor.getTransport();
    this.myAddress = processor.getIpAddress().getHostAddress();
    this.myPort = processor.getPort();
    this.messageProcessor = processor;
    this.key = MessageChannel.getKey(peerAddress, peerPort, processor.getTransport());
    this.parser = stack.getMessageParserFactory().createMessageParser(stack);
    this.flow = new Flow(processor.getTransport(), peerAddress.getHostAddress(), peerPort);
  }

  /**
   * One frame from the browser, handed to the stack's own threads so that the web server's thread
   * is free at once: a credentials lookup or a busy data grid then never holds the HTTP workers
   * that every other phone's frames need. Frames of one connection run in order, on one thread of
   * the processor's affinity pool, keyed by this connection.
   */
  void receive(String frame) {
    processor.execute(new Frame(frame));
  }

  private final class Frame implements Runnable, ThreadAffinityIdentifier {
    private final String text;

    Frame(String text) {
      this.text = text;
    }

    @Override
    public Object getThreadHash() {
      return key;
    }

    @Override
    public void run() {
      process(text);
    }
  }

  /**
   * Processes one frame. A request with a broken header gets a 400 and the connection stays; a
   * frame that is no SIP message at all closes the connection with a reason (RFC 6455 §7.4.1 1002),
   * because the phone at the other end is not speaking SIP.
   */
  private void process(String frame) {
    if (frame.equals("\r\n\r\n")) {
      pong(); // RFC 5626 §3.5.1: a double-CRLF ping gets a single CRLF pong
      return;
    }
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    SIPMessage message;
    try {
      message = parser.parseSIPMessage(bytes, true, false, this);
    } catch (ParseException e) {
      rejectUnparseable(frame, e.getMessage());
      return;
    }
    if (message == null) {
      return; // a lone CRLF: the pong of a phone we pinged, nothing to answer
    }
    dialogs.saw(message);
    try {
      processMessage(message);
    } catch (Exception e) {
      LOG.warn("could not process a message from " + peer.remoteAddress(), e);
    }
  }

  private void pong() {
    try {
      peer.send("\r\n");
    } catch (IOException e) {
      LOG.debug("could not answer a keep-alive: " + e.getMessage());
    }
  }

  private void rejectUnparseable(String frame, String problem) {
    LOG.warn("unparseable frame from " + peer.remoteAddress() + ": " + problem);
    var answer = BadFrame.badRequest(frame, problem);
    if (answer.isPresent()) {
      try {
        peer.send(answer.get());
      } catch (IOException e) {
        LOG.debug("could not answer a bad frame: " + e.getMessage());
      }
    } else {
      close(); // out of the stack's tables first: nothing may be routed here once the peer knows
      peer.close(1002, "not a SIP message");
    }
  }

  /**
   * Same leniency as JAIN-SIP's own stream channels: a bad header the transaction layer needs fails
   * the message; any other is kept unparsed (RFC 3261 §7.3.1 allows ignoring it).
   */
  @Override
  @SuppressWarnings("rawtypes") // the JAIN-SIP interface declares a raw Class
  public void handleException(
      ParseException ex, SIPMessage message, Class headerClass, String header, String raw)
      throws ParseException {
    if (headerClass == null || CRITICAL.contains((Class<?>) headerClass)) {
      throw ex;
    }
    message.addUnparsed(header);
  }

  private static final Set<Class<?>> CRITICAL =
      Set.of(
          From.class,
          To.class,
          CSeq.class,
          Via.class,
          CallID.class,
          ContentLength.class,
          RequestLine.class,
          StatusLine.class);

  /**
   * A request that cannot be written fails its transaction (RFC 3261 §18.4: a transport error). An
   * answer to a browser that has closed its connection is dropped: a server may not open one to it
   * (RFC 7118 §5), and the browser that closed is not waiting for it (JsSIP closes right after its
   * un-REGISTER on page close). Thrown, the container would try to answer the request with 500 over
   * the same closed connection and log both failures as errors.
   */
  @Override
  protected void sendMessage(byte[] msg, boolean isClient) throws IOException {
    try {
      peer.send(new String(msg, StandardCharsets.UTF_8));
    } catch (IOException e) {
      if (isClient) {
        throw e;
      }
      LOG.debug("an answer to " + flow + " was dropped: " + e.getMessage());
    }
  }

  /**
   * Messages the stack sends here pass one of these two ways (then as bytes below): a transaction
   * names its peer's address, anything else does not.
   */
  @Override
  public void sendMessage(SIPMessage message) throws IOException {
    dialogs.saw(message);
    nameThisListener(message);
    super.sendMessage(message);
  }

  @Override
  public void sendMessage(SIPMessage message, InetAddress receiver, int port) throws IOException {
    dialogs.saw(message);
    nameThisListener(message);
    super.sendMessage(message, receiver, port);
  }

  /**
   * A request leaving over this connection names this connection's transport <em>and</em> its
   * listener's port in its top Via (RFC 3261 §18.1.1), so that its answers are known as answers to
   * this node. The core picks the listener for a request from the Request-URI's transport, and a
   * browser's contact says {@code transport=ws} even when it connected over WSS (RFC 7118 §5.2): a
   * re-INVITE that a node relays for another (docs/cluster.md) left with "WSS" and the WS port, its
   * 2xx came back naming no listener of this node, and the core then forwarded it without its
   * session: sometimes nowhere at all.
   */
  private void nameThisListener(SIPMessage message) {
    if (!(message instanceof gov.nist.javax.sip.message.SIPRequest request)
        || request.getTopmostVia() == null) {
      return;
    }
    gov.nist.javax.sip.header.Via via = request.getTopmostVia();
    if (!myAddress.equals(via.getHost())) {
      return; // not ours: not a request of this node (nothing else is sent from here)
    }
    try {
      if (!processor.getTransport().equalsIgnoreCase(via.getTransport())) {
        via.setTransport(processor.getTransport());
      }
      if (via.getPort() != myPort) {
        via.setPort(myPort);
      }
    } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
      throw new IllegalStateException("a transport and port this stack listens on", e);
    }
  }

  /**
   * Whatever the hop says, a message for this channel goes over its connection. The stack's own
   * version resolves the hop's host first, which for a browser's {@code .invalid} contact would ask
   * DNS (a query leaving the machine for a name that has no answer, RFC 6761 §6.4) and fail: the
   * stateless relay of an ACK (RFC 3261 §16.11) sends that way.
   */
  @Override
  public void sendMessage(SIPMessage message, javax.sip.address.Hop hop) throws IOException {
    sendMessage(message);
  }

  @Override
  protected void sendMessage(byte[] message, InetAddress receiver, int port, boolean retry)
      throws IOException {
    peer.send(new String(message, StandardCharsets.UTF_8));
  }

  /** Idempotent: the web tier, the stack and the processor may each close it. */
  @Override
  protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
    isRunning = false;
    if (closed.compareAndSet(false, true)) {
      processor.forget(this);
    }
  }

  boolean isOpen() {
    return !closed.get();
  }

  /** Whether no call passes over this connection now ({@link InviteDialogs}). */
  boolean idle() {
    return dialogs.idle();
  }

  /**
   * Closes the connection with 1001 (going away, RFC 6455 §7.4.1): its phone connects again,
   * through the front to a node that is not going. Out of the stack's tables first.
   */
  void goAway(String reason) {
    close();
    peer.close(1001, reason);
  }

  /** Route keys ({@link WsMessageProcessor#route}) that lead here, dropped when this closes. */
  final Set<String> routeKeys = ConcurrentHashMap.newKeySet();

  /** True until a contact was routed here (the phone signed in) or the connection closed. */
  final java.util.concurrent.atomic.AtomicBoolean unsigned =
      new java.util.concurrent.atomic.AtomicBoolean(true);

  Flow flow() {
    return flow;
  }

  @Override
  public String getTransport() {
    return processor.getTransport();
  }

  @Override
  public boolean isSecure() {
    return processor.isSecure();
  }
}
