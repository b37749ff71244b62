// The app's screens as Web Components in the light DOM (the page's styles and the accessibility
// tree see them as plain HTML). <wp-app> holds the Phone and shows <wp-login> until sign-in,
// then <wp-dialpad> and <wp-call>.
import { t } from './messages.js';
import { Phone, SignInError, sipDebug } from './phone.js';
import { loadConfig } from './config.js';

const DEBUG_CODE = '*#0*#';
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Markup built here, from escaped parts, that html`` must not escape again. */
class Raw {
  constructor(markup) {
    this.markup = markup;
  }
}

/** A template whose values are escaped (names and numbers come from other people). */
const html = (strings, ...values) =>
  strings.reduce((out, s, i) => {
    if (i >= values.length) return out + s;
    const v = values[i];
    return out + s + (v instanceof Raw ? v.markup : escape(v));
  }, '');

const keys = () =>
  new Raw(
    KEYS.map(
      (k) => `<button type="button" class="key" data-key="${escape(k)}">${escape(k)}</button>`,
    ).join(''),
  );
const escape = (v) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

class WpApp extends HTMLElement {
  async connectedCallback() {
    this.config = await loadConfig();
    document.title = this.config.productName;
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.phone = new Phone(this.config, this.audio);
    this.showLogin();
  }

  /** Says `text` to screen readers (and shows it) in the page's live region. */
  announce(text) {
    document.getElementById('status').textContent = text;
  }

  showLogin(error) {
    this.replaceChildren(document.createElement('wp-login'));
    this.firstChild.start(this, error);
  }

  showPhone() {
    this.innerHTML = html`<header class="bar">
      <span>${t('phone.signedIn', { user: this.phone.user })}</span>
      <span class="badge" id="debug-badge" hidden>${t('debug.badge')}</span>
      <button type="button" id="sign-out">${t('phone.signOut')}</button>
    </header>`;
    this.append(
      this.audio,
      document.createElement('wp-dialpad'),
      document.createElement('wp-call'),
    );
    this.querySelector('#sign-out').addEventListener('click', () => {
      this.phone.signOut();
      this.showLogin();
    });
    this.debugBadge();
    this.querySelector('wp-dialpad').start(this);
    this.querySelector('wp-call').start(this);
  }

  toggleDebug() {
    const on = sipDebug(!sipDebug());
    this.debugBadge();
    this.announce(t(on ? 'debug.on' : 'debug.off'));
  }

  debugBadge() {
    const badge = this.querySelector('#debug-badge');
    if (badge) badge.hidden = !sipDebug();
  }
}

class WpLogin extends HTMLElement {
  start(app, error) {
    this.innerHTML = html`<form class="card" novalidate>
      <h1>${t('login.heading')}</h1>
      <label
        >${t('login.user')} <input name="user" autocomplete="username" required autofocus
      /></label>
      <label
        >${t('login.password')}
        <input name="password" type="password" autocomplete="current-password" required
      /></label>
      <label
        >${t('login.domain')} <input name="domain" value="${app.config.domain}" readonly
      /></label>
      <p class="error" role="alert" id="login-error"></p>
      <button type="submit">${t('login.submit')}</button>
    </form>`;
    const form = this.querySelector('form');
    const say = (text) => (this.querySelector('#login-error').textContent = text);
    if (error) say(error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const user = form.user.value.trim();
      const password = form.password.value;
      if (!user || !password) return say(t('login.missing'));
      const button = form.querySelector('button');
      button.disabled = true;
      button.textContent = t('login.busy');
      say('');
      try {
        await app.phone.signIn(user, password);
        app.showPhone();
      } catch (err) {
        button.disabled = false;
        button.textContent = t('login.submit');
        if (!(err instanceof SignInError)) throw err;
        say(
          err.kind === 'wrong'
            ? t('login.wrong')
            : err.kind === 'unreachable'
              ? t('login.unreachable')
              : t('login.failed', { cause: err.cause }),
        );
        form.password.select();
      }
    });
  }
}

class WpDialpad extends HTMLElement {
  start(app) {
    this.app = app;
    this.innerHTML = html`<form class="card dialpad" novalidate>
      <label for="dial-number">${t('dial.label')}</label>
      <div class="number">
        <input id="dial-number" name="number" autocomplete="off" inputmode="tel" />
        <button type="button" class="clear" aria-label="${t('dial.clear')}">⌫</button>
      </div>
      <div class="keys">${keys()}</div>
      <button type="submit" class="call">${t('dial.call')}</button>
    </form>`;
    const form = this.querySelector('form');
    const input = form.number;
    const typed = () => {
      // The secret code works however it was typed: keys, keyboard or paste.
      if (input.value.endsWith(DEBUG_CODE)) {
        input.value = input.value.slice(0, -DEBUG_CODE.length);
        app.toggleDebug();
      }
    };
    input.addEventListener('input', typed);
    this.querySelectorAll('.key').forEach((b) =>
      b.addEventListener('click', () => {
        input.value += b.dataset.key;
        typed();
        input.focus();
      }),
    );
    this.querySelector('.clear').addEventListener('click', () => {
      input.value = input.value.slice(0, -1);
      input.focus();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const target = input.value.trim();
      if (target) app.phone.call(target);
    });
    input.focus();
  }
}

class WpCall extends HTMLElement {
  start(app) {
    this.app = app;
    this.hidden = true;
    app.phone.addEventListener('call', (e) => this.update(e.detail));
  }

  update({ peer, state, cause }) {
    const app = this.app;
    clearInterval(this.timer);
    if (state === 'ended' || state === 'failed') {
      this.hidden = true;
      this.replaceChildren();
      app.announce(state === 'ended' ? t('call.ended') : t('call.failed', { cause }));
      return;
    }
    this.hidden = false;
    const text = {
      calling: t('call.calling', { peer }),
      ringing: t('call.ringing', { peer }),
      incoming: t('call.incoming', { peer }),
      talking: t('call.talking', { peer }),
      held: t('call.held', { peer }),
    }[state];
    const live = state === 'talking' || state === 'held';
    this.innerHTML = html`<section class="card call" aria-label="${text}">
      <h2 id="call-state">${text}</h2>
      <p class="timer" id="call-timer"></p>
      <div class="actions"></div>
      <div class="keys" id="dtmf" hidden></div>
    </section>`;
    const actions = this.querySelector('.actions');
    const button = (label, cls, onClick) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = label;
      b.addEventListener('click', onClick);
      actions.append(b);
      return b;
    };
    if (state === 'incoming') {
      button(t('call.answer'), 'answer', () => app.phone.answer()).focus();
      button(t('call.decline'), 'hangup', () => app.phone.hangUp());
    } else {
      if (live) {
        const held = state === 'held';
        const hold = button(held ? t('call.resume') : t('call.hold'), 'hold', () => {
          hold.disabled = true; // the call's next state redraws this screen
          app.phone.hold(!held).then(() => (hold.disabled = false));
        });
        const muted = app.phone.session?.isMuted().audio;
        const mute = button(muted ? t('call.unmute') : t('call.mute'), 'mute', () => {
          const now = !app.phone.session.isMuted().audio;
          app.phone.mute(now);
          mute.textContent = now ? t('call.unmute') : t('call.mute');
          mute.setAttribute('aria-pressed', String(now));
        });
        mute.setAttribute('aria-pressed', String(Boolean(muted)));
        const pad = this.querySelector('#dtmf');
        pad.innerHTML = keys().markup;
        pad
          .querySelectorAll('button')
          .forEach((b) => b.addEventListener('click', () => app.phone.dtmf(b.dataset.key)));
        button(t('call.keypad'), 'keypad', () => (pad.hidden = !pad.hidden));
        const since = app.phone.session?.start_time?.getTime() ?? Date.now();
        const tick = () => {
          const s = Math.floor((Date.now() - since) / 1000);
          this.querySelector('#call-timer').textContent =
            `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
        };
        tick();
        this.timer = setInterval(tick, 1000);
      }
      button(t('call.hangup'), 'hangup', () => app.phone.hangUp());
    }
    app.announce(text);
  }
}

customElements.define('wp-app', WpApp);
customElements.define('wp-login', WpLogin);
customElements.define('wp-dialpad', WpDialpad);
customElements.define('wp-call', WpCall);
