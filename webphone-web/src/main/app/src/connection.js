// Keeps the phone's WebSocket honest. A TCP connection whose network died says nothing for
// minutes, so the server is asked for an answer (OPTIONS, RFC 3261 §11) every 15 s, and at once
// when the browser says it is online again or a call's ICE loses its path; no answer within 3 s
// drops the socket and connects again, retrying every 5 s until a new one is up (JsSIP's own
// recovery also retries, 1 to 8 s apart, when a connection attempt fails). JsSIP then registers
// again by itself; the phone restarts ICE for its calls once it is registered.
//
// Threading: the page's event loop only.
const KEEPALIVE_MS = 15_000;
const PROBE_TIMEOUT_MS = 3_000;
const CONNECT_TIMEOUT_MS = 5_000;

export class ConnectionWatch {
  constructor(phone) {
    this.phone = phone;
    this.ua = null;
    this.reconnected = false;
    this.probing = false;
  }

  /** Watches `ua` from its first registration on. */
  start(ua) {
    this.ua = ua;
    this.keepTimer = setInterval(() => this.probe(), KEEPALIVE_MS);
    this.onOnline = () => this.probe();
    window.addEventListener('online', this.onOnline);
  }

  stop() {
    clearInterval(this.keepTimer);
    clearTimeout(this.connectTimer);
    if (this.onOnline) window.removeEventListener('online', this.onOnline);
    this.ua = null;
  }

  /** The WebSocket is up again: no more attempts. */
  connected() {
    clearTimeout(this.connectTimer);
  }

  /** True once after a reconnection (the registration that follows is a new connection's). */
  takeReconnected() {
    const was = this.reconnected;
    this.reconnected = false;
    return was;
  }

  /**
   * Asks the server for any answer; none within 3 s means the connection is dead, and it is
   * replaced. Resolves to whether the connection answered.
   */
  async probe() {
    const ua = this.ua;
    if (!ua || this.probing || !ua.isConnected()) return false;
    this.probing = true;
    const answered = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      const done = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
      ua.sendOptions(`sip:${this.phone.config.domain}`, null, {
        eventHandlers: {
          succeeded: () => done(true),
          // Any final response, even an error, came over the connection.
          failed: (e) => done(e.originator === 'remote'),
        },
      });
    });
    this.probing = false;
    if (!answered && this.ua === ua) this.#reconnect(ua);
    return answered;
  }

  /** Drops the socket and connects again, retrying every few seconds until it connects. */
  #reconnect(ua) {
    this.reconnected = true;
    // The first attempt drops a socket that still looks open (a dead TCP connection says nothing);
    // later ones only run while no new connection came up.
    const attempt = (first) => {
      if (this.ua !== ua || (!first && ua.isConnected())) return;
      ua.transport.disconnect();
      ua.transport.connect();
      this.connectTimer = setTimeout(() => attempt(false), CONNECT_TIMEOUT_MS);
    };
    attempt(true);
  }
}
