// The dial pad: a number field that takes the keyboard, twelve keys for the mouse or touch, and
// the *#0*# code that turns SIP debug on and off however it was typed (keys, keyboard, paste).
import { t } from './messages.js';
import { html, keys } from './html.js';

const DEBUG_CODE = '*#0*#';

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

  shown() {
    this.querySelector('#dial-number')?.focus();
  }
}

customElements.define('wp-dialpad', WpDialpad);
