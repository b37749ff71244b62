// The phone itself: one JsSIP user agent registered over WebSocket, its calls, and the SIP debug
// switch. Components listen to its events; nothing here touches the page but the audio element.
//
// Events (CustomEvent detail): 'registered', 'unregistered', 'disconnected', 'connected',
// 'call' ({ session, state, cause }) for every change of the current call.
import JsSIP from 'jssip';

const DEBUG_KEY = 'webphone.sipDebug';

/** Why a sign-in failed, for the message next to the form. */
export class SignInError extends Error {
  constructor(kind, cause) {
    super(`${kind}: ${cause}`);
    this.kind = kind; // 'wrong' | 'unreachable' | 'failed'
    this.cause = cause;
  }
}

/** SIP debug (every SIP message in the console), remembered per device. */
export function sipDebug(on) {
  if (on === undefined) return localStorage.getItem(DEBUG_KEY) === '1';
  if (on) {
    localStorage.setItem(DEBUG_KEY, '1');
    JsSIP.debug.enable('JsSIP:*');
  } else {
    localStorage.removeItem(DEBUG_KEY);
    JsSIP.debug.disable();
  }
  return on;
}

export class Phone extends EventTarget {
  constructor(config, audio) {
    super();
    this.config = config;
    this.audio = audio;
    this.ua = null;
    this.session = null;
    this.user = null;
    if (sipDebug()) sipDebug(true);
  }

  #emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Registers `user`; resolves once registered, rejects with a SignInError. */
  signIn(user, password) {
    this.signOut();
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(this.config.websocket)],
      uri: `sip:${user}@${this.config.domain}`,
      password,
      register: true,
      session_timers: true,
      user_agent: 'WebPhone',
    });
    this.ua = ua;
    this.user = user;
    return new Promise((resolve, reject) => {
      let connected = false;
      let settled = false;
      const fail = (kind, cause) => {
        if (settled) return;
        settled = true;
        ua.stop();
        this.ua = null;
        reject(new SignInError(kind, cause));
      };
      ua.on('connected', () => {
        connected = true;
        this.#emit('connected');
      });
      ua.on('disconnected', () => {
        // A WebSocket that fails before it opens cannot say why: the host, the port or the
        // certificate (browsers hide TLS errors from pages).
        if (!connected) fail('unreachable', 'WebSocket');
        else this.#emit('disconnected');
      });
      ua.on('registered', () => {
        if (!settled) {
          settled = true;
          resolve();
        }
        this.#emit('registered');
      });
      ua.on('registrationFailed', (e) => {
        const wrong =
          e.cause === JsSIP.C.causes.AUTHENTICATION_ERROR || e.cause === JsSIP.C.causes.REJECTED;
        fail(wrong ? 'wrong' : 'failed', e.cause);
      });
      ua.on('newRTCSession', ({ session, originator }) => this.#track(session, originator));
      ua.start();
    });
  }

  signOut() {
    if (this.ua) {
      const ua = this.ua;
      this.ua = null;
      ua.stop();
      this.#emit('unregistered');
    }
  }

  /** Calls `target` (a user, an extension or a number) in our domain. */
  call(target) {
    const uri = target.includes('@') ? `sip:${target}` : `sip:${target}@${this.config.domain}`;
    this.ua.call(uri, {
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: [] },
    });
  }

  answer() {
    this.session?.answer({
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: [] },
    });
  }

  hangUp() {
    if (this.session && !this.session.isEnded()) this.session.terminate();
  }

  /**
   * Holds or resumes (a re-INVITE, RFC 3264 §8.4). JsSIP refuses while another offer/answer is
   * still settling (the last re-INVITE's ACK, a session refresh): we try again for up to 5 s.
   * Resolves to false when the call ended or never became ready.
   */
  async hold(on) {
    const s = this.session;
    const deadline = Date.now() + 5000;
    while (s && !s.isEnded()) {
      if (s.isOnHold().local === on) return true;
      if (on ? s.hold() : s.unhold()) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  mute(on) {
    if (!this.session) return;
    if (on) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  /** RFC 4733 telephone-events in the media (what IVRs and the anchor relay). */
  dtmf(tone) {
    this.session?.sendDTMF(tone, { transportType: 'RFC2833', duration: 100, interToneGap: 70 });
  }

  #track(session, originator) {
    if (this.session && !this.session.isEnded()) {
      if (originator === 'remote') session.terminate({ status_code: 486 }); // busy: one call at a time
      return;
    }
    this.session = session;
    const peer = session.remote_identity.display_name || session.remote_identity.uri.user;
    const state = (name, extra = {}) =>
      this.#emit('call', { session, peer, originator, state: name, ...extra });
    session.on('peerconnection', ({ peerconnection }) => this.#play(peerconnection));
    if (session.connection) this.#play(session.connection);
    // JsSIP reports our own 180 to a caller as progress too: an incoming call stays incoming.
    session.on('progress', () => state(originator === 'remote' ? 'incoming' : 'ringing'));
    session.on('accepted', () => state('talking'));
    session.on('confirmed', () => state('talking'));
    session.on('hold', () => state('held'));
    session.on('unhold', () => state('talking'));
    session.on('ended', (e) => state('ended', { cause: e.cause }));
    session.on('failed', (e) => state('failed', { cause: e.cause }));
    state(originator === 'remote' ? 'incoming' : 'calling');
  }

  #play(pc) {
    pc.addEventListener('track', (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    });
  }
}
