// Keyboard shortcuts for the call (Alt with a letter, by key position so that they work on every
// layout and on macOS, where Alt types letters), and the help overlay that lists them (Alt+/
// anywhere, ? outside text fields, or the Shortcuts button; Escape closes it). A shortcut clicks the call screen's own button, so it does
// exactly what the button does and nothing when the button is not there.
import { t } from './messages.js';
import { html } from './html.js';

export const SHORTCUTS = [
  ['KeyA', 'Alt+A', 'answer', 'shortcut.answer'],
  ['KeyE', 'Alt+E', 'hangup', 'shortcut.hangup'],
  ['KeyM', 'Alt+M', 'mute', 'shortcut.mute'],
  ['KeyH', 'Alt+H', 'hold', 'shortcut.hold'],
  ['KeyK', 'Alt+K', 'keypad', 'shortcut.keypad'],
];

/** The shortcut of the call screen's button with class `cls` (for aria-keyshortcuts), or null. */
export const shortcutFor = (cls) => SHORTCUTS.find(([, , c]) => c === cls)?.[1] ?? null;

export class Shortcuts {
  constructor(app) {
    this.app = app;
    document.addEventListener('keydown', (e) => this.#key(e));
  }

  #key(e) {
    const typing = e.target.closest?.('input, textarea, select');
    if (e.key === '?' && !typing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.help();
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.code === 'Slash') {
      e.preventDefault();
      this.help();
      return;
    }
    const found = SHORTCUTS.find(([code]) => code === e.code);
    const button = found && this.app.querySelector(`wp-call .actions .${found[2]}`);
    if (!button || button.disabled) return;
    e.preventDefault();
    button.click();
  }

  /** The overlay listing the shortcuts, as a modal dialog. */
  help() {
    let dialog = document.getElementById('help');
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.id = 'help';
      dialog.setAttribute('aria-labelledby', 'help-heading');
      dialog.innerHTML = html`<h2 id="help-heading">${t('help.heading')}</h2>
        <dl class="shortcuts"></dl>
        <form method="dialog"><button type="submit">${t('help.close')}</button></form>`;
      const list = dialog.querySelector('dl');
      for (const [, keys, , label] of [...SHORTCUTS, [null, 'Alt+/', null, 'shortcut.help']]) {
        const dt = document.createElement('dt');
        const kbd = document.createElement('kbd');
        kbd.textContent = keys;
        dt.append(kbd);
        const dd = document.createElement('dd');
        dd.textContent = t(label);
        list.append(dt, dd);
      }
      document.body.append(dialog);
    }
    if (!dialog.open) dialog.showModal();
  }
}
