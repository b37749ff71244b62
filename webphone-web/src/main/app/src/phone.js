// The phone itself: one JsSIP user agent registered over WebSocket, its calls, and the SIP debug
// switch. Components listen to its events; nothing here touches the page but the audio element.
//
// Events (CustomEvent detail): 'registered', 'unregistered', 'disconnected', 'connected',
// 'phonebook' (the server says the phonebook changed), 'history' (a call ended: the server's
// record follows), and 'call' ({ session, peer, number, state, cause, consulting }) for every
// change of the call on screen.
//
// Reconnection (connection.js): a silent WebSocket is found by probing it and replaced; JsSIP
// registers again on the new one with the same instance id (RFC 5626 §4.1; kept per user on this
// device, so the registrar replaces the old binding), and every call in progress is re-INVITEd
// with an ICE restart (RFC 8445 §9): the media find their path again and the call goes on.
//
// Calls: one at a time, except while consulting before an attended transfer: the first call is
// held ('parked') and a second one made; completing the transfer sends the parked call a REFER
// with Replaces naming the second (RFC 5589 §7), cancelling hangs the second up and brings the
// first back on screen, still on hold.
import JsSIP from 'jssip';
import { ConnectionWatch } from './connection.js';

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
    this.session = null; // the call on screen
    this.parked = null; // the held call waiting for an attended transfer to complete
    this.handedOver = null; // a parked call whose transfer the server accepted: it ends soon
    this.streams = new WeakMap(); // session -> the remote party's audio
    this.user = null;
    this.microphone = null; // a deviceId, or null for the browser's default
    this.restarting = new WeakSet();
    this.connection = new ConnectionWatch(this);
    if (sipDebug()) sipDebug(true);
  }

  #media() {
    const audio = this.microphone ? { deviceId: { exact: this.microphone } } : true;
    return { mediaConstraints: { audio, video: false }, pcConfig: { iceServers: [] } };
  }

  /** This device's instance id for `user` (RFC 5626), made once and kept. */
  static instanceId(user) {
    const key = `webphone.instance.${user}`;
    let id = localStorage.getItem(key);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(key, id);
    }
    return id;
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
      register_expires: 300,
      session_timers: true,
      user_agent: 'WebPhone',
      instance_id: Phone.instanceId(user),
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 8,
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
        this.connection.connected();
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
          this.#watchPhonebook(ua, user);
          this.connection.start(ua);
        } else if (this.connection.takeReconnected()) {
          // Registered again on a new connection: the calls' media may have lost their path.
          for (const s of [this.session, this.parked]) if (s?.isEstablished()) this.#restartIce(s);
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

  /**
   * The phonebook's changes, pushed: a ua-profile subscription (RFC 6080) to our own address;
   * every NOTIFY says "fetch it again" ('phonebook' event).
   */
  #watchPhonebook(ua, user) {
    const s = ua.subscribe(
      `sip:${user}@${this.config.domain}`,
      'ua-profile',
      'message/external-body',
      { expires: 3600 },
    );
    s.on('notify', () => this.#emit('phonebook'));
    s.subscribe();
    this.subscriber = s;
  }

  /** Whether the server answers over the WebSocket now (see ConnectionWatch.probe). */
  probe() {
    return this.connection.probe();
  }

  /** An ICE restart re-INVITE (RFC 8445 §9) for `s`, retried while JsSIP is busy with another. */
  async #restartIce(s) {
    if (this.restarting.has(s)) return;
    this.restarting.add(s);
    try {
      const deadline = Date.now() + 10_000;
      while (!s.isEnded() && Date.now() < deadline) {
        if (this.ua?.isConnected() && s.renegotiate({ rtcOfferConstraints: { iceRestart: true } }))
          return;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      this.restarting.delete(s);
    }
  }

  /** A call's ICE lost its path: check the signalling, and restart ICE once it is there. */
  #watchIce(session, pc) {
    pc.addEventListener('iceconnectionstatechange', async () => {
      const state = pc.iceConnectionState;
      this.#emit('ice', { session, state });
      if (state !== 'disconnected' && state !== 'failed') return;
      const answered = await this.connection.probe();
      if (answered && pc.iceConnectionState === 'failed') this.#restartIce(session);
    });
  }

  signOut() {
    this.connection.stop();
    if (this.ua) {
      const ua = this.ua;
      this.ua = null;
      this.subscriber?.terminate();
      this.subscriber = null;
      ua.stop();
      this.#emit('unregistered');
    }
  }

  /** The SIP URI for `target`: a user, an extension or a number of our domain, or a SIP URI. */
  uri(target) {
    return target.includes('@')
      ? `sip:${target.replace(/^sip:/, '')}`
      : `sip:${target}@${this.config.domain}`;
  }

  /** Calls `target` (a user, an extension or a number) in our domain. */
  call(target) {
    if (this.session && !this.session.isEnded()) return;
    this.ua.call(this.uri(target), this.#media());
  }

  answer() {
    this.session?.answer(this.#media());
  }

  hangUp() {
    if (this.session && !this.session.isEnded()) this.session.terminate();
  }

  /**
   * Holds or resumes (a re-INVITE, RFC 3264 §8.4). JsSIP refuses while another offer/answer is
   * still settling (the last re-INVITE's ACK, a session refresh): we try again for up to 5 s.
   * Resolves to false when the call ended or never became ready.
   */
  async hold(on, s = this.session) {
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

  /**
   * Blind transfer (RFC 3515 REFER): the server calls `target` for the other party and, once it
   * answers, hangs our leg up. Resolves true when the server accepted the REFER (202).
   */
  transfer(target) {
    const s = this.session;
    if (!s || !s.isEstablished()) return Promise.resolve(false);
    this.#state(s, 'transferring');
    return this.#refer(s, this.uri(target), {}).then((ok) => {
      if (!ok && !s.isEnded()) this.#state(s, s.isOnHold().local ? 'held' : 'talking');
      return ok;
    });
  }

  /** Holds the call on screen and calls `target` to consult before an attended transfer. */
  async consult(target) {
    const s = this.session;
    if (!s || !s.isEstablished() || this.parked) return false;
    if (!(await this.hold(true, s))) return false;
    this.parked = s;
    this.session = null;
    this.ua.call(this.uri(target), this.#media());
    return true;
  }

  /** Completes an attended transfer: the parked call is replaced by the consultation (RFC 5589). */
  completeTransfer() {
    const parked = this.parked;
    const consultation = this.session;
    if (!parked || !consultation?.isEstablished()) return Promise.resolve(false);
    const target = consultation.remote_identity.uri.toString();
    return this.#refer(parked, target, { replaces: consultation }).then((ok) => {
      if (ok) this.handedOver = parked;
      return ok;
    });
  }

  /** Ends the consultation; the parked call comes back on screen (still on hold). */
  cancelConsult() {
    if (this.session && !this.session.isEnded()) this.session.terminate();
    else this.#unpark();
  }

  #refer(session, target, options) {
    return new Promise((resolve) => {
      session.refer(target, {
        ...options,
        eventHandlers: {
          requestSucceeded: () => resolve(true),
          requestFailed: () => resolve(false),
          failed: () => resolve(false),
        },
      });
    });
  }

  #unpark() {
    const parked = this.parked;
    this.parked = null;
    if (parked && !parked.isEnded() && parked !== this.handedOver) {
      this.session = parked;
      this.audio.srcObject = this.streams.get(parked) ?? null;
      this.#state(parked, 'held');
    }
  }

  #busy() {
    return (this.session && !this.session.isEnded()) || (this.parked && !this.parked.isEnded());
  }

  #state(session, name, extra = {}) {
    const user = session.remote_identity.uri.user;
    const consulting = this.parked && session !== this.parked ? this.parked : null;
    this.#emit('call', {
      session,
      peer: session.remote_identity.display_name || user,
      number: user,
      state: name,
      consulting: consulting && {
        peer: consulting.remote_identity.display_name || consulting.remote_identity.uri.user,
        number: consulting.remote_identity.uri.user,
      },
      ...extra,
    });
  }

  #track(session, originator) {
    if (originator === 'remote' && this.#busy()) {
      session.terminate({ status_code: 486 }); // busy: one call at a time
      return;
    }
    this.session = session;
    const onScreen = () => this.session === session;
    const state = (name, extra) => {
      if (onScreen()) this.#state(session, name, extra);
    };
    session.on('peerconnection', ({ peerconnection }) => this.#play(session, peerconnection));
    if (session.connection) this.#play(session, session.connection);
    // JsSIP reports our own 180 to a caller as progress too: an incoming call stays incoming.
    session.on('progress', () => state(originator === 'remote' ? 'incoming' : 'ringing'));
    session.on('accepted', () => state('talking'));
    session.on('confirmed', () => state('talking'));
    // Held by us, or by the other side (RFC 3264 §8.4: its sendonly offer); ours shows first.
    const holdState = () => {
      const h = session.isOnHold();
      return h.local ? 'held' : h.remote ? 'remoteHeld' : 'talking';
    };
    session.on('hold', () => state(holdState()));
    session.on('unhold', () => state(holdState()));
    const over = (name) => (e) => {
      this.#emit('history');
      if (session === this.parked) {
        // The party waiting for the transfer hung up (or the transfer completed).
        this.parked = null;
        if (this.session)
          this.#state(this.session, this.session.isOnHold().local ? 'held' : 'talking');
        return;
      }
      state(name, { cause: e.cause });
      if (onScreen()) {
        this.session = null;
        this.#unpark();
      }
    };
    session.on('ended', over('ended'));
    session.on('failed', over('failed'));
    state(originator === 'remote' ? 'incoming' : 'calling');
  }

  #play(session, pc) {
    this.watched ??= new WeakSet();
    if (this.watched.has(pc)) return;
    this.watched.add(pc);
    this.#watchIce(session, pc);
    pc.addEventListener('track', (e) => {
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      this.streams.set(session, stream);
      if (this.session === session) this.audio.srcObject = stream;
    });
  }
}
