package org.webphone.media;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.media.sdp.WebRtcSdp;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.LegSocket;
import org.webphone.media.transport.TcpMedia;
import org.webphone.media.transport.Wire;

/**
 * One browser leg of an anchored call: our ICE agent towards that browser, the DTLS association
 * over it and the SRTP keys it gave. The browser sees only us; the relay ({@link CallMedia}) joins
 * two legs.
 *
 * <p>Transport lifecycle, an explicit state machine: {@code NEW → CONNECTING} once both sides'
 * transports are known (an answer was sent or received), {@code CONNECTING → SECURE} when ICE found
 * a pair and DTLS exported keys, {@code CONNECTING → FAILED} when either did not in time, {@code
 * SECURE → CONNECTING} when the browser's certificate changed (a new DTLS association, RFC 8842
 * §5.5), and anything → {@code CLOSED}. Other transitions throw, naming both states.
 *
 * <p>Which SDP is an offer and which an answer is the call's to know ({@link CallMedia.Slot}). DTLS
 * roles (RFC 5763 §5): answering we are passive (the DTLS server) unless the browser offered
 * passive; offering we say {@code actpass} the first time and the negotiated role afterwards, so a
 * re-offer keeps the association (RFC 8842).
 *
 * <p>Threading: offer/answer methods run under the owning {@link CallMedia}'s lock; the handshake
 * completes on the media service's pool and reports through the callback.
 */
final class AnchoredLeg implements MediaLeg {
  private static final Logger LOG = Logger.getLogger(AnchoredLeg.class.getName());

  enum State {
    NEW,
    CONNECTING,
    SECURE,
    FAILED,
    CLOSED
  }

  private final MediaService media;
  private final LegSocket socket;
  private volatile Consumer<AnchoredLeg> secured;
  private volatile Consumer<String> failed = reason -> {};
  private IceLeg ice;
  private IceLeg previous; // the agent before an ICE restart, until the new one has a pair
  private volatile State state = State.NEW;
  private WebRtcSdp.Remote remote;
  private Boolean server; // our DTLS role once negotiated
  private boolean iceRestarted;
  private CompletableFuture<SrtpKeys> handshake;
  private final CompletableFuture<Boolean> overTcp = new CompletableFuture<>();
  private volatile SrtpSession srtp;

  /**
   * @param secured told, on the handshake pool, each time the leg has new SRTP keys
   */
  AnchoredLeg(MediaService media, Consumer<AnchoredLeg> secured) throws IOException {
    this.media = media;
    this.secured = secured;
    // Controlled always: we present ourselves as ICE-lite (WebRtcSdp), the browser nominates.
    this.ice = media.newLeg(false);
    this.socket = new LegSocket(ice);
    overTcp(ice, null);
  }

  /**
   * Checks on our TCP candidate for {@code next}'s credentials reach this leg (not {@code old}'s).
   */
  private void overTcp(IceLeg next, IceLeg old) {
    TcpMedia tcp = media.tcp();
    if (tcp == null) {
      return;
    }
    if (old != null) {
      tcp.unregister(old.ufrag());
    }
    tcp.register(
        next.ufrag(),
        new TcpMedia.Target() {
          @Override
          public String password() {
            return next.password();
          }

          @Override
          public void nominated(TcpMedia.Path path) {
            socket.overTcp(path);
            overTcp.complete(true);
          }

          @Override
          public void received(SrtpSession.Packet packet) {
            socket.received(packet);
          }
        });
  }

  /** Who hears of new keys from now on (the call the leg moved to). */
  void onSecured(Consumer<AnchoredLeg> listener) {
    this.secured = listener;
  }

  /** Who hears, with the reason, that the leg failed (ICE or DTLS did not complete in time). */
  void onFailed(Consumer<String> listener) {
    this.failed = listener;
  }

  State state() {
    return state;
  }

  LegSocket socket() {
    return socket;
  }

  @Override
  public SrtpSession srtp() {
    return srtp;
  }

  /** The browser's offer: its transport is noted; the answer we give later starts the leg. */
  void offered(WebRtcSdp.Remote r) throws IOException {
    remote(r);
  }

  /** True once the leg has keys: it can be joined to another leg without a word to its browser. */
  boolean secure() {
    return state == State.SECURE;
  }

  @Override
  public boolean ready() {
    return secure();
  }

  @Override
  public Wire wire() {
    return socket;
  }

  /** Our offer's transport for this leg. */
  WebRtcSdp.Local offer() {
    return local(server == null ? "actpass" : role());
  }

  /** The browser's answer to our offer: the DTLS role follows from it, and the leg starts. */
  void answered(WebRtcSdp.Remote r) throws IOException {
    remote(r);
    if (server == null) {
      server = !"passive".equals(r.setup()); // active (or a lax actpass): we are the server
    }
    start();
  }

  /** Our answer's transport for this leg, after its offer; the leg starts. */
  WebRtcSdp.Local answer() {
    if (remote == null) {
      throw new IllegalStateException("an answer on a leg that made no offer");
    }
    if (server == null) {
      server = !"passive".equals(remote.setup());
    }
    WebRtcSdp.Local ours = local(role());
    start();
    return ours;
  }

  private String role() {
    return server ? "passive" : "active";
  }

  private WebRtcSdp.Local local(String setup) {
    TcpMedia tcp = media.tcp();
    return new WebRtcSdp.Local(
        ice.ufrag(),
        ice.password(),
        media.candidates(ice),
        media.identity().fingerprint(),
        setup,
        tcp == null ? 0 : tcp.port());
  }

  /**
   * Takes the browser's transport. New ICE credentials are an ICE restart (RFC 8445 §9): a fresh
   * agent answers with fresh credentials of its own, on the same port, while DTLS and SRTP carry
   * on. A new certificate means a new DTLS association (RFC 8842 §5.5).
   */
  private synchronized void remote(WebRtcSdp.Remote r) throws IOException {
    WebRtcSdp.Remote before = remote;
    remote = r;
    if (before == null) {
      ice.remote(r.ufrag(), r.password(), r.candidates());
      return;
    }
    if (!before.ufrag().equals(r.ufrag()) || !before.password().equals(r.password())) {
      // The old agent keeps answering consent checks and carrying media (RFC 8445 §9) until the
      // new one selects a pair: closing it now would cut the browser's audio to us for as long as
      // the browser takes to give up on the old pair (seconds).
      if (previous != null) {
        previous.close(); // a restart of a restart: the oldest agent is of no more use
      }
      previous = ice;
      ice = media.newLeg(false);
      ice.remote(r.ufrag(), r.password(), r.candidates());
      socket.listen(ice);
      overTcp(ice, previous);
      iceRestarted = true;
    }
    if (!before.fingerprint().equalsIgnoreCase(r.fingerprint()) && state == State.SECURE) {
      to(State.CONNECTING);
      handshake = null;
    }
  }

  /** Runs ICE and, for a new association, DTLS; the first answer on the leg calls this. */
  private synchronized void start() {
    if (state == State.NEW) {
      to(State.CONNECTING);
    }
    if (state == State.CONNECTING && handshake == null) {
      IceLeg leg = ice;
      iceRestarted = false;
      handshake = media.secure(leg, socket, remote.fingerprint(), server, overTcp);
      handshake.whenComplete(this::handshakeDone);
    } else if (iceRestarted) {
      iceRestarted = false;
      IceLeg next = ice;
      media.reconnect(next).thenAccept(ok -> restarted(next, ok));
    }
  }

  /**
   * The restart's checks ended, on ice4j's thread: with a pair, we send through the new agent and
   * let the old one go; without, the old pair (if the browser still uses it) carries on.
   */
  private synchronized void restarted(IceLeg next, boolean ok) {
    if (!ok || next != ice || state == State.CLOSED) {
      return;
    }
    socket.sendVia(next);
    if (previous != null) {
      previous.close();
      previous = null;
    }
  }

  /** The handshake's end, on the pool: keys or a failure; listeners hear of it unlocked. */
  private void handshakeDone(SrtpKeys keys, Throwable failure) {
    String reason = null;
    synchronized (this) {
      if (state != State.CONNECTING) {
        return; // closed meanwhile
      }
      if (failure != null) {
        reason = reason(failure);
        to(State.FAILED);
      } else {
        SrtpSession old = srtp;
        srtp = new SrtpSession(keys);
        to(State.SECURE);
        if (old != null) {
          old.close();
        }
      }
    }
    if (reason == null) {
      secured.accept(this);
    } else {
      LOG.log(Level.INFO, "media leg failed: {0}", reason);
      failed.accept(reason);
    }
  }

  /** What went wrong, as a person reads it: the cause's message, or a timeout named as such. */
  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return "ICE or DTLS did not complete in time";
    }
    return cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
  }

  private synchronized void to(State next) {
    boolean legal =
        switch (state) {
          case NEW -> next == State.CONNECTING || next == State.CLOSED;
          case CONNECTING -> next == State.SECURE || next == State.FAILED || next == State.CLOSED;
          case SECURE -> next == State.CONNECTING || next == State.CLOSED;
          case FAILED -> next == State.CLOSED;
          case CLOSED -> false;
        };
    if (!legal) {
      throw new IllegalStateException(state + " -> " + next);
    }
    state = next;
  }

  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    to(State.CLOSED);
    if (media.tcp() != null) {
      media.tcp().unregister(ice.ufrag());
    }
    socket.close(); // ends a handshake still waiting for the browser
    ice.close();
    if (previous != null) {
      previous.close();
    }
    if (srtp != null) {
      srtp.close();
    }
  }
}
