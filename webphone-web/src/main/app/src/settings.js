// The user's choices on this device: microphone, speaker (where the browser can choose one:
// setSinkId) and auto-answer. Kept in localStorage; applied to the phone, the call's audio and
// the tones.
const KEY = 'webphone.settings';

export class Settings {
  constructor() {
    let saved = {};
    try {
      saved = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    } catch {
      // a damaged entry: the defaults
    }
    this.microphone = saved.microphone ?? null;
    this.speaker = saved.speaker ?? null;
    this.autoAnswer = Boolean(saved.autoAnswer);
  }

  save() {
    const { microphone, speaker, autoAnswer } = this;
    localStorage.setItem(KEY, JSON.stringify({ microphone, speaker, autoAnswer }));
  }

  /** True where the page may pick the speaker (HTMLMediaElement.setSinkId). */
  static canChooseSpeaker() {
    return 'setSinkId' in HTMLMediaElement.prototype;
  }

  applyTo(phone, audio, tones) {
    phone.microphone = this.microphone;
    if (Settings.canChooseSpeaker()) {
      audio.setSinkId(this.speaker ?? '').catch(() => {});
      tones?.sink(this.speaker);
    }
  }
}
