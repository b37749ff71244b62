// The app's shell as Web Components in the light DOM (the page's styles and the accessibility tree
// see them as plain HTML). <wp-app> holds the Phone, the REST API and the tones, and shows
// <wp-login> until sign-in, then the tabs (<wp-dialpad>, <wp-contacts>, <wp-history>) and
// <wp-call> for the call on screen.
import { t } from './messages.js';
import { Phone, SignInError, sipDebug } from './phone.js';
import { loadConfig } from './config.js';
import { Api } from './api.js';
import { Tones } from './tones.js';
import { contactName } from './names.js';
import { html } from './html.js';
import './dialpad.js';
import './call-screen.js';
import './contacts.js';
import './history.js';

const TABS = [
  ['keypad', 'wp-dialpad'],
  ['contacts', 'wp-contacts'],
  ['history', 'wp-history'],
];

class WpApp extends HTMLElement {
  async connectedCallback() {
    this.config = await loadConfig();
    document.title = this.config.productName;
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.tones = new Tones();
    this.phone = new Phone(this.config, this.audio);
    this.contacts = [];
    this.showLogin();
  }

  /** Says `text` to screen readers (and shows it) in the page's live region. */
  announce(text) {
    document.getElementById('status').textContent = text;
  }

  /** The phonebook's name for `number` (a SIP user, an extension or a phone number), or null. */
  nameFor(number) {
    return contactName(this.contacts, number);
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
    const tabs = document.createElement('nav');
    tabs.className = 'tabs';
    tabs.setAttribute('role', 'tablist');
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
    this.append(this.audio, document.createElement('wp-call'), tabs, ...panels);
    this.querySelector('#sign-out').addEventListener('click', () => {
      this.tones.stop();
      this.phone.signOut();
      this.showLogin();
    });
    this.debugBadge();
    for (const [, element] of TABS) this.querySelector(element).start(this);
    this.querySelector('wp-call').start(this);
    this.showTab('keypad');
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
      app.tones.unlock(); // this click is the gesture that lets the page make sound
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
