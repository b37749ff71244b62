// The app's shell as Web Components in the light DOM (the page's styles and the accessibility tree
// see them as plain HTML). <wp-app> holds the Phone, the REST API, the tones and the settings, and
// shows <wp-login> until sign-in, then the tabs (<wp-dialpad>, <wp-contacts>, <wp-history>,
// <wp-settings>) and <wp-call> for the call on screen; offline before any configuration came, a
// card that says so and tries again when the network is back.
import { t } from './messages.js';
import { Phone, SignInError, sipDebug } from './phone.js';
import { applyBranding, loadConfig } from './config.js';
import { Api } from './api.js';
import { Tones } from './tones.js';
import { contactName } from './names.js';
import { html } from './html.js';
import { Settings } from './settings.js';
import { Shortcuts } from './shortcuts.js';
import { askToNotify, deepLinkNumber, handleTelLinks, notifyIncoming } from './pwa.js';
import './dialpad.js';
import './call-screen.js';
import './contacts.js';
import './history.js';
import './settings-panel.js';

const TABS = [
  ['keypad', 'wp-dialpad'],
  ['contacts', 'wp-contacts'],
  ['history', 'wp-history'],
  ['settings', 'wp-settings'],
];

class WpApp extends HTMLElement {
  async connectedCallback() {
    try {
      this.config = await loadConfig();
    } catch {
      this.showOffline();
      return;
    }
    applyBranding(this.config);
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.tones = new Tones();
    this.settings = new Settings();
    this.phone = new Phone(this.config, this.audio);
    this.settings.applyTo(this.phone, this.audio, this.tones);
    this.contacts = [];
    this.pendingCall = deepLinkNumber();
    this.shortcuts = new Shortcuts(this);
    this.phone.addEventListener('disconnected', () => this.connection(false));
    this.phone.addEventListener('registered', () => this.connection(true));
    this.phone.addEventListener('call', (e) => this.onCall(e.detail));
    this.offlineNotice();
    this.showLogin();
  }

  /**
   * A notice above everything while the server cannot be reached. The browser's own online flag is
   * only a hint (it says offline on a machine whose only network is loopback, and online behind a
   * dead router): when it says offline, a request to the server decides, again every 3 s.
   */
  offlineNotice() {
    const notice = document.createElement('p');
    notice.className = 'banner offline';
    notice.setAttribute('role', 'status');
    notice.textContent = t('offline.notice');
    notice.hidden = true;
    const check = async () => {
      clearTimeout(this.offlineTimer);
      let reachable = navigator.onLine;
      if (!reachable) {
        try {
          await fetch('/api/config', { cache: 'no-store', credentials: 'omit' });
          reachable = true;
        } catch {
          reachable = false;
        }
      }
      notice.hidden = reachable;
      if (!reachable) this.offlineTimer = setTimeout(check, 3000);
    };
    check();
    window.addEventListener('online', check);
    window.addEventListener('offline', check);
    this.before(notice);
  }

  /** No configuration (the network is away): says so, and tries again when it is back. */
  showOffline() {
    this.innerHTML = html`<section class="card" role="alert">
      <h1>${t('offline.heading')}</h1>
      <p>${t('offline.text')}</p>
      <button type="button" id="retry">${t('offline.retry')}</button>
    </section>`;
    const retry = () => {
      window.removeEventListener('online', retry);
      this.connectedCallback();
    };
    this.querySelector('#retry').addEventListener('click', retry);
    window.addEventListener('online', retry);
  }

  /** Says `text` to screen readers (and shows it) in the page's live region. */
  announce(text) {
    document.getElementById('status').textContent = text;
  }

  /** The phonebook's name for `number` (a SIP user, an extension or a phone number), or null. */
  nameFor(number) {
    return contactName(this.contacts, number);
  }

  connection(up) {
    const banner = this.querySelector('#connection');
    if (!banner) return;
    if (up && !banner.hidden) this.announce(t('phone.reconnected'));
    banner.hidden = up;
    if (!up) this.announce(t('phone.disconnected'));
  }

  async onCall({ state, session, peer, number }) {
    this.stopNotification?.();
    this.stopNotification = null;
    if (state !== 'incoming') return;
    if (this.settings.autoAnswer) {
      this.phone.answer();
      return;
    }
    const who = this.nameFor(number) ?? peer;
    this.stopNotification = await notifyIncoming(who, (action) => {
      if (this.phone.session !== session) return;
      if (action === 'answer') this.phone.answer();
      else if (action === 'decline') this.phone.hangUp();
    });
  }

  showLogin(error) {
    this.replaceChildren(document.createElement('wp-login'));
    this.firstChild.start(this, error);
  }

  showPhone() {
    this.innerHTML = html`<header class="bar">
        <span class="brand" id="brand"></span>
        <span>${t('phone.signedIn', { user: this.phone.user })}</span>
        <span class="badge" id="debug-badge" hidden>${t('debug.badge')}</span>
        <button type="button" id="help-button" aria-haspopup="dialog" aria-keyshortcuts="Alt+/">
          ${t('help.button')}
        </button>
        <button type="button" id="sign-out">${t('phone.signOut')}</button>
      </header>
      <p class="banner" id="connection" role="alert" hidden>${t('phone.disconnected')}</p>`;
    this.brand();
    const tabs = document.createElement('nav');
    tabs.className = 'tabs';
    tabs.setAttribute('role', 'tablist');
    tabs.setAttribute('aria-label', t('tab.label'));
    const panels = [];
    for (const [name, element] of TABS) {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.id = `tab-${name}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', `panel-${name}`);
      tab.textContent = t(`tab.${name}`);
      const panel = document.createElement('section');
      panel.id = `panel-${name}`;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.append(document.createElement(element));
      tab.addEventListener('click', () => this.showTab(name));
      tabs.append(tab);
      panels.push(panel);
    }
    // The tabs pattern of WAI-ARIA: arrow keys move between tabs, Home and End to the ends.
    tabs.addEventListener('keydown', (e) => {
      const names = TABS.map(([n]) => n);
      const at = names.indexOf(document.activeElement.id.replace('tab-', ''));
      const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[e.key];
      if (at < 0 || next === undefined) return;
      e.preventDefault();
      const name = names[(next + names.length) % names.length];
      this.showTab(name);
      this.querySelector(`#tab-${name}`).focus();
    });
    this.append(this.audio, document.createElement('wp-call'), tabs, ...panels);
    this.querySelector('#sign-out').addEventListener('click', () => {
      this.tones.stop();
      this.phone.signOut();
      this.showLogin();
    });
    this.querySelector('#help-button').addEventListener('click', () => this.shortcuts.help());
    this.debugBadge();
    for (const [, element] of TABS) this.querySelector(element).start(this);
    this.querySelector('wp-call').start(this);
    this.showTab('keypad');
    if (this.pendingCall) {
      const number = this.pendingCall;
      this.pendingCall = null;
      history.replaceState(null, '', '/');
      this.querySelector('#dial-number').value = number;
      this.phone.call(number);
    }
  }

  brand() {
    const brand = this.querySelector('#brand');
    if (this.config.logoUrl) {
      const logo = document.createElement('img');
      logo.src = this.config.logoUrl;
      logo.alt = this.config.productName;
      logo.className = 'logo';
      brand.append(logo);
    } else {
      brand.textContent = this.config.productName;
    }
  }

  showTab(name) {
    for (const tab of this.querySelectorAll('[role=tab]')) {
      const on = tab.id === `tab-${name}`;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      this.querySelector(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
    }
    this.querySelector(TABS.find(([n]) => n === name)[1]).shown?.();
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
    form.user.focus();
    // The form takes input from here on: what bench/app.sh measures from the navigation's start.
    performance.mark('webphone:login-ready');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const user = form.user.value.trim();
      const password = form.password.value;
      if (!user || !password) return say(t('login.missing'));
      // This click is the gesture that lets the page make sound and ask to notify.
      app.tones.unlock();
      askToNotify();
      handleTelLinks();
      const button = form.querySelector('button');
      button.disabled = true;
      button.textContent = t('login.busy');
      say('');
      try {
        await app.phone.signIn(user, password);
        app.api = new Api(user, password);
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

customElements.define('wp-app', WpApp);
customElements.define('wp-login', WpLogin);
