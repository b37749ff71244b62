// Settings: the microphone and speaker to use, auto-answer, and a check before calling: the
// microphone's level over two seconds, whether the server answers (and how fast), and which kinds
// of ICE candidates this browser can offer (host only means it reaches the server's media port
// directly; no STUN or TURN is configured).
import { t } from './messages.js';
import { html } from './html.js';
import { Settings } from './settings.js';

class WpSettings extends HTMLElement {
  start(app) {
    this.app = app;
    const speakers = Settings.canChooseSpeaker();
    this.innerHTML = html`<form class="card settings" novalidate>
      <label for="microphone">${t('settings.microphone')}</label>
      <select id="microphone"></select>
      <label for="speaker" ${speakers ? '' : 'hidden'}>${t('settings.speaker')}</label>
      <select id="speaker" ${speakers ? '' : 'hidden'}></select>
      <label class="check"
        ><input type="checkbox" id="auto-answer" /> ${t('settings.autoAnswer')}</label
      >
      <button type="button" id="check">${t('check.run')}</button>
      <meter
        id="mic-level"
        min="0"
        max="1"
        value="0"
        hidden
        aria-label="${t('check.level')}"
      ></meter>
      <ul class="list" id="check-results" aria-live="polite"></ul>
    </form>`;
    const s = app.settings;
    const auto = this.querySelector('#auto-answer');
    auto.checked = s.autoAnswer;
    auto.addEventListener('change', () => {
      s.autoAnswer = auto.checked;
      s.save();
    });
    for (const [id, key] of [
      ['#microphone', 'microphone'],
      ['#speaker', 'speaker'],
    ]) {
      this.querySelector(id).addEventListener('change', (e) => {
        s[key] = e.target.value || null;
        s.save();
        s.applyTo(app.phone, app.audio, app.tones);
      });
    }
    this.querySelector('#check').addEventListener('click', () => this.check());
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.devices());
  }

  shown() {
    this.devices();
  }

  /** Fills the device lists (names appear once the page may use the microphone). */
  async devices() {
    const all = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    const fill = (select, kind, chosen) => {
      select.replaceChildren(new Option(t('settings.default'), ''));
      let n = 0;
      for (const d of all.filter((x) => x.kind === kind && x.deviceId !== 'default')) {
        n++;
        const label = d.label || t(`settings.${kind}N`, { n });
        select.append(new Option(label, d.deviceId, false, d.deviceId === chosen));
      }
    };
    fill(this.querySelector('#microphone'), 'audioinput', this.app.settings.microphone);
    fill(this.querySelector('#speaker'), 'audiooutput', this.app.settings.speaker);
  }

  async check() {
    const results = this.querySelector('#check-results');
    const say = (key, params) => {
      const li = document.createElement('li');
      li.textContent = t(key, params);
      results.append(li);
    };
    const button = this.querySelector('#check');
    button.disabled = true;
    results.replaceChildren();
    try {
      await this.checkMicrophone(say);
      const started = performance.now();
      if (await this.app.phone.probe())
        say('check.server', { ms: Math.round(performance.now() - started) });
      else say('check.serverFailed');
      const types = await candidateTypes();
      say(types.length ? 'check.network' : 'check.networkFailed', { types: types.join(', ') });
      this.devices();
    } finally {
      button.disabled = false;
    }
  }

  async checkMicrophone(say) {
    const mic = this.app.settings.microphone;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: mic ? { deviceId: { exact: mic } } : true,
      });
    } catch (e) {
      say('check.micFailed', { cause: e.name });
      return;
    }
    const meter = this.querySelector('#mic-level');
    meter.hidden = false;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      analyser.getFloatTimeDomainData(samples);
      const level = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
      peak = Math.max(peak, level);
      meter.value = Math.min(1, level * 4);
      await new Promise((r) => setTimeout(r, 100));
    }
    stream.getTracks().forEach((tr) => tr.stop());
    ctx.close();
    say(peak > 0.001 ? 'check.mic' : 'check.micSilent', { level: Math.round(peak * 400) });
  }
}

/** The kinds of ICE candidate this browser gathers with our configuration (no STUN, no TURN). */
async function candidateTypes() {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const types = new Set();
  try {
    pc.createDataChannel('check');
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate?.type) types.add(`${e.candidate.type} (${e.candidate.protocol})`);
    });
    const gathered = new Promise((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
      setTimeout(resolve, 3000);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
  } finally {
    pc.close();
  }
  return [...types];
}

customElements.define('wp-settings', WpSettings);
