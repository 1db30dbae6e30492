// The parties of a stereo call on two lanes, each with mute and solo, through the Web Audio API:
// the audio element -> a channel splitter -> one gain per lane -> a channel merger -> the speakers.
// Each lane and the output have an analyser; their levels are drawn as bars and kept in data-level
// (a number from 0 to 1) so the page, and its tests, can see what is heard.

export class Lanes {
  constructor(audio, container, channels) {
    this.audio = audio;
    this.container = container;
    this.channels = channels;
    this.muted = new Array(channels).fill(false);
    this.soloed = new Array(channels).fill(false);
    this.graph = null;
    this.timer = null;
  }

  // Built on the first play: an AudioContext made before any user gesture would stay suspended, and
  // once the element feeds the graph, a suspended graph would silence it.
  start() {
    if (!this.graph) this.build();
    if (this.graph.context.state === "suspended") this.graph.context.resume().catch(() => {});
    if (!this.timer) this.timer = setInterval(() => this.measure(), 100);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.measure();
  }

  build() {
    const context = new AudioContext();
    const source = context.createMediaElementSource(this.audio);
    const output = context.createAnalyser();
    const gains = [];
    const analysers = [];
    if (this.channels === 2) {
      const splitter = context.createChannelSplitter(2);
      const merger = context.createChannelMerger(2);
      source.connect(splitter);
      for (let i = 0; i < 2; i++) {
        const gain = context.createGain();
        const analyser = context.createAnalyser();
        splitter.connect(gain, i);
        gain.connect(analyser);
        gain.connect(merger, 0, i);
        gains.push(gain);
        analysers.push(analyser);
      }
      merger.connect(context.destination);
      merger.connect(output);
    } else {
      const analyser = context.createAnalyser();
      source.connect(context.destination);
      source.connect(analyser);
      source.connect(output);
      analysers.push(analyser);
    }
    this.graph = { context, gains, analysers, output };
    this.apply();
  }

  // A lane is heard unless it is muted, or another lane is soloed and it is not.
  heard(lane) {
    const anySolo = this.soloed.some(Boolean);
    return !this.muted[lane] && (!anySolo || this.soloed[lane]);
  }

  toggleMute(lane) {
    this.muted[lane] = !this.muted[lane];
    this.apply();
    return this.heard(lane);
  }

  toggleSolo(lane) {
    this.soloed[lane] = !this.soloed[lane];
    this.apply();
    return this.heard(lane);
  }

  apply() {
    this.container.querySelectorAll(".lane").forEach((row) => {
      const lane = Number(row.dataset.channel);
      const mute = row.querySelector(".lane-mute");
      const solo = row.querySelector(".lane-solo");
      if (mute) mute.setAttribute("aria-pressed", String(this.muted[lane]));
      if (solo) solo.setAttribute("aria-pressed", String(this.soloed[lane]));
      row.classList.toggle("silenced", !this.heard(lane));
    });
    if (!this.graph) return;
    this.graph.gains.forEach((gain, lane) => {
      gain.gain.setValueAtTime(this.heard(lane) ? 1 : 0, this.graph.context.currentTime);
    });
  }

  measure() {
    if (!this.graph) return;
    const levelOf = (analyser) => {
      const data = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const value of data) sum += value * value;
      return Math.sqrt(sum / data.length);
    };
    const rows = this.container.querySelectorAll(".lane");
    this.graph.analysers.forEach((analyser, lane) => {
      const canvas = rows[lane] && rows[lane].querySelector(".lane-level");
      if (canvas) drawLevel(canvas, levelOf(analyser));
    });
    this.container.dataset.level = levelOf(this.graph.output).toFixed(4);
  }
}

function drawLevel(canvas, level) {
  canvas.dataset.level = level.toFixed(4);
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#e4e8ee";
  ctx.fillRect(0, 0, width, height);
  // RMS of speech sits around 0.05-0.3: a square root spreads it over the bar.
  ctx.fillStyle = "#0b5cad";
  ctx.fillRect(0, 0, Math.min(1, Math.sqrt(level) * 1.6) * width, height);
}
