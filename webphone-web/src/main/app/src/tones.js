// Ringtone and ringback, synthesised with Web Audio (no sound files to download or cache).
// Ringback is the ITU-T E.180 tone most of the world knows (425 Hz, 1 s on, 4 s off); the
// ringtone is a two-tone warble loud enough to notice over a headset. The audio context is made on
// the sign-in click: browsers let a page start sound only after a user gesture.
//
// `playing` says which tone is on ('ringtone', 'ringback' or null); `level()` is the RMS of what
// the tones put out right now (0 when silent), for the tests and a visual ring indicator.
const PATTERNS = {
  // [frequencies (Hz), on (s), off (s)]
  ringback: [[425], 1, 4],
  ringtone: [[480, 620], 1.2, 1.8],
};

export class Tones {
  constructor() {
    this.context = null;
    this.playing = null;
    this.nodes = [];
  }

  /** Called from a user gesture (the sign-in): the context may start now. */
  unlock() {
    if (!this.context) {
      this.context = new AudioContext();
      if (this.sinkId && this.context.setSinkId)
        this.context.setSinkId(this.sinkId).catch(() => {});
    }
    if (this.context.state === 'suspended') this.context.resume();
    if (!this.analyser) {
      this.analyser = this.context.createAnalyser();
      this.analyser.fftSize = 1024;
      this.analyser.connect(this.context.destination);
    }
  }

  /** Rings on output device `id` (null: the default), where the browser lets the page choose. */
  sink(id) {
    this.sinkId = id ?? '';
    if (this.context?.setSinkId) this.context.setSinkId(this.sinkId).catch(() => {});
  }

  play(name) {
    if (this.playing === name) return;
    this.stop();
    if (!this.context || !PATTERNS[name]) return;
    const [frequencies, on, off] = PATTERNS[name];
    const ctx = this.context;
    const gate = ctx.createGain();
    gate.gain.value = 0;
    gate.connect(this.analyser);
    // Schedule ten minutes of cadence up front: the audio thread keeps time, not timers here.
    const start = ctx.currentTime + 0.05;
    for (let t = start; t < start + 600; t += on + off) {
      gate.gain.setValueAtTime(0.2 / frequencies.length, t);
      gate.gain.setValueAtTime(0, t + on);
    }
    const oscillators = frequencies.map((f) => {
      const o = ctx.createOscillator();
      o.frequency.value = f;
      o.connect(gate);
      o.start(start);
      return o;
    });
    this.nodes = [gate, ...oscillators];
    this.playing = name;
  }

  stop() {
    for (const n of this.nodes) {
      if (n.stop) n.stop();
      n.disconnect();
    }
    this.nodes = [];
    this.playing = null;
  }

  level() {
    if (!this.analyser) return 0;
    const samples = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(samples);
    return Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
  }
}
