// History: this phone's calls as the server recorded them (GET /api/history), newest first, with
// missed calls marked and counted on the tab until the user looks. A call's record is written
// just after it ends, so after each call the list is fetched again until it shows a new call.
import { t } from './messages.js';
import { clock, html } from './html.js';

const MISSED = new Set(['no_answer', 'cancelled', 'busy']);
// A handset, drawn: an emoji depends on the device's fonts (many desktops have none).
const PHONE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2' +
  'a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1' +
  ' 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>';

class WpHistory extends HTMLElement {
  start(app) {
    this.app = app;
    this.seen = null; // the newest call the user has looked at
    this.innerHTML = html`<div class="card"><ul class="list" id="history-list"></ul></div>`;
    app.phone.addEventListener('history', () => this.refresh());
    this.load();
  }

  shown() {
    this.load();
  }

  /** Fetches until a call newer than the newest shown appears (at most 10 s). */
  async refresh() {
    const before = this.calls?.[0]?.callId;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      await this.load();
      if (this.calls && this.calls[0]?.callId !== before) return;
    }
  }

  async load() {
    const list = this.querySelector('#history-list');
    try {
      this.calls = await this.app.api.history();
    } catch {
      list.innerHTML = html`<li>${t('history.failed')}</li>`;
      return;
    }
    const visible = !this.closest('[role=tabpanel]')?.hidden;
    if (visible || this.seen === null) this.seen = this.calls[0]?.callId ?? '';
    this.badge();
    if (!this.calls.length) {
      list.innerHTML = html`<li>${t('history.none')}</li>`;
      return;
    }
    list.replaceChildren(...this.calls.map((c) => this.row(c)));
  }

  missed(c) {
    return c.direction === 'incoming' && MISSED.has(c.disposition);
  }

  /** The count of missed calls newer than the newest the user has seen, on the History tab. */
  badge() {
    const tab = this.app.querySelector('#tab-history');
    if (!tab) return;
    let n = 0;
    for (const c of this.calls) {
      if (c.callId === this.seen) break;
      if (this.missed(c)) n++;
    }
    tab.textContent = n ? t('tab.historyMissed', { n }) : t('tab.history');
  }

  row(c) {
    const li = document.createElement('li');
    const missed = this.missed(c);
    if (missed) li.className = 'missed';
    const parts = [
      missed ? t('history.missed') : t(`history.${c.direction}`),
      t(`disposition.${c.disposition}`),
      new Date(c.started).toLocaleString(),
    ];
    if (c.durationSeconds) parts.push(clock(c.durationSeconds));
    const name = this.app.nameFor(c.peer);
    li.innerHTML = html`<span class="name">${name ?? c.peer}</span>
      <span class="muted">${parts.join(', ')}</span>`;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'call-back';
    b.innerHTML = PHONE_ICON;
    b.setAttribute('aria-label', t('history.callBack', { peer: name ?? c.peer }));
    b.addEventListener('click', () => this.app.phone.call(c.peer));
    li.append(' ', b);
    return li;
  }
}

customElements.define('wp-history', WpHistory);
