// The call on screen: who (the phonebook's name when the number is in it), its state and timer,
// and what can be done in that state: answer or decline; hold, mute, the DTMF keypad, transfer
// (blind, or attended after consulting) and hang up. Rings while a call comes in and plays
// ringback while the other side rings. Redrawn on every 'call' event of the phone.
import { t } from './messages.js';
import { button as plainButton, clock, html, keys } from './html.js';
import { shortcutFor } from './shortcuts.js';
import { watchQuality } from './quality.js';

/** A call screen button, with its keyboard shortcut announced (aria-keyshortcuts). */
const button = (parent, label, cls, onClick) => {
  const b = plainButton(parent, label, cls, onClick);
  const keys = shortcutFor(cls);
  if (keys) b.setAttribute('aria-keyshortcuts', keys);
  return b;
};

class WpCall extends HTMLElement {
  start(app) {
    this.app = app;
    this.hidden = true;
    app.phone.addEventListener('call', (e) => this.update(e.detail));
  }

  /** The name to show for a party: the phonebook's, else what SIP says. */
  who({ peer, number }) {
    return this.app.nameFor(number) ?? peer;
  }

  /** Starts watching the call's quality once it has media; one watcher per call. */
  watch(session) {
    if (this.watched === session || !session.connection) return;
    this.stopWatching?.();
    this.watched = session;
    this.report = null;
    this.stopWatching = watchQuality(session.connection, (report) => {
      const changed = this.report?.grade !== report.grade;
      this.report = report;
      this.showQuality();
      if (changed && report.grade !== 'good') this.app.announce(qualityText(report));
    });
  }

  showQuality() {
    const p = this.querySelector('#call-quality');
    if (!p || !this.report) return;
    p.className = `quality q-${this.report.grade}`;
    p.textContent = qualityText(this.report);
    p.dataset.grade = this.report.grade;
  }

  update(call) {
    const { state, cause, consulting } = call;
    const app = this.app;
    clearInterval(this.timer);
    if (state === 'ended' || state === 'failed') {
      this.stopWatching?.();
      this.stopWatching = null;
      this.watched = null;
    }
    const tone = { incoming: 'ringtone', ringing: 'ringback' }[state];
    if (tone)
      app.tones.play(tone); // a tone already on goes on
    else app.tones.stop();
    if (state === 'ended' || state === 'failed') {
      this.hidden = true;
      this.replaceChildren();
      app.announce(state === 'ended' ? t('call.ended') : t('call.failed', { cause }));
      app.querySelector('#dial-number')?.focus();
      return;
    }
    this.hidden = false;
    const peer = this.who(call);
    const text = t(`call.${state}`, { peer });
    const live = state === 'talking' || state === 'held' || state === 'remoteHeld';
    this.innerHTML = html`<section class="card call-screen" aria-label="${text}">
      <h2 id="call-state">${text}</h2>
      <p class="muted" id="call-detail"></p>
      <p class="timer" id="call-timer"></p>
      <p class="quality" id="call-quality"></p>
      <div class="actions"></div>
      <div class="keys" id="dtmf" hidden></div>
      <form class="transfer" id="transfer" hidden novalidate></form>
    </section>`;
    const detail = this.querySelector('#call-detail');
    if (consulting) detail.textContent = t('call.consulting', { peer: this.who(consulting) });
    else if (peer !== call.number) detail.textContent = call.number;
    const actions = this.querySelector('.actions');
    const phone = app.phone;
    if (state === 'incoming') {
      button(actions, t('call.answer'), 'answer', () => phone.answer()).focus();
      button(actions, t('call.decline'), 'hangup', () => phone.hangUp());
      app.announce(text);
      return;
    }
    if (live) {
      this.liveActions(actions, state, Boolean(consulting));
      this.watch(call.session);
      this.showQuality();
    }
    button(actions, t('call.hangup'), 'hangup', () => phone.hangUp());
    app.announce(text);
  }

  liveActions(actions, state, consulting) {
    const phone = this.app.phone;
    const held = state === 'held';
    const hold = button(actions, held ? t('call.resume') : t('call.hold'), 'hold', () => {
      hold.disabled = true; // the call's next state redraws this screen
      phone.hold(!held).then(() => (hold.disabled = false));
    });
    const muted = phone.session?.isMuted().audio;
    const mute = button(actions, muted ? t('call.unmute') : t('call.mute'), 'mute', () => {
      const now = !phone.session.isMuted().audio;
      phone.mute(now);
      mute.textContent = now ? t('call.unmute') : t('call.mute');
      mute.setAttribute('aria-pressed', String(now));
    });
    mute.setAttribute('aria-pressed', String(Boolean(muted)));
    const pad = this.querySelector('#dtmf');
    pad.innerHTML = keys().markup;
    pad
      .querySelectorAll('button')
      .forEach((b) => b.addEventListener('click', () => phone.dtmf(b.dataset.key)));
    const keypad = button(actions, t('call.keypad'), 'keypad', () => {
      pad.hidden = !pad.hidden;
      keypad.setAttribute('aria-expanded', String(!pad.hidden));
    });
    keypad.setAttribute('aria-expanded', 'false');
    if (consulting) {
      button(actions, t('call.completeTransfer'), 'answer', async () => {
        if (!(await phone.completeTransfer())) this.app.announce(t('call.transferFailed'));
      });
      button(actions, t('call.cancelTransfer'), 'cancel', () => phone.cancelConsult());
    } else {
      const transfer = button(actions, t('call.transfer'), 'transfer', () => {
        this.transferForm();
        transfer.setAttribute('aria-expanded', 'true');
      });
      transfer.setAttribute('aria-expanded', 'false');
    }
    const since = phone.session?.start_time?.getTime() ?? Date.now();
    const tick = () =>
      (this.querySelector('#call-timer').textContent = clock((Date.now() - since) / 1000));
    tick();
    this.timer = setInterval(tick, 1000);
  }

  /** Where to transfer: now (blind), or after a word with them (attended). */
  transferForm() {
    const phone = this.app.phone;
    const form = this.querySelector('#transfer');
    form.innerHTML = html`<label
        >${t('transfer.target')} <input name="target" autocomplete="off" inputmode="tel"
      /></label>
      <div class="actions">
        <button type="submit" class="call">${t('transfer.blind')}</button>
        <button type="button" class="consult">${t('transfer.consult')}</button>
      </div>
      <p class="error" role="alert"></p>`;
    form.hidden = false;
    const target = () => form.target.value.trim();
    const say = (text) => (form.querySelector('.error').textContent = text);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!target()) return say(t('transfer.missing'));
      if (!(await phone.transfer(target()))) this.app.announce(t('call.transferFailed'));
    });
    form.querySelector('.consult').addEventListener('click', async () => {
      if (!target()) return say(t('transfer.missing'));
      if (!(await phone.consult(target()))) say(t('call.transferFailed'));
    });
    form.target.focus();
  }
}

/** "Call quality: poor (MOS 3.2), packet loss 6 %" and the like. */
function qualityText(r) {
  const figures = t('quality.figures', {
    mos: r.score.toFixed(1),
    loss: Math.round(r.lossPercent),
    jitter: Math.round(r.jitterMs),
    rtt: Math.round(r.rttMs),
  });
  const why = r.cause ? ` ${t(`quality.cause.${r.cause}`)}` : '';
  return `${t(`quality.${r.grade}`)} ${figures}${why}`;
}

customElements.define('wp-call', WpCall);
