// The call player: opens the listening session without a reload and starts playback, draws the
// waveform, seeks by click or keyboard, skips back and forward, skips silence, and plays a stereo
// call's parties on two lanes. No inline script: the CSP forbids it.
import { clock } from "./clock.js";
import { Lanes } from "./lanes.js";

const audio = document.getElementById("player");
const canvas = document.getElementById("waveform");
const position = document.getElementById("position");
const length = document.getElementById("length");
const area = document.getElementById("player-area");
const form = document.getElementById("listen-form");
const status = document.getElementById("player-status");
const skipSilence = document.getElementById("skip-silence");
const speed = document.getElementById("speed");
const muteButton = document.getElementById("mute");
let peaks = [];
let silences = [];
let lanes = null;

// A jump over silence lands this far before the speech resumes, so its first syllable is heard.
const SILENCE_LEAD_IN = 0.15;

function duration() {
  if (Number.isFinite(audio.duration)) return audio.duration;
  return Number(area.dataset.seconds) || Number(canvas.getAttribute("aria-valuemax")) || 0;
}

function fmt(seconds) {
  return clock(seconds, duration());
}

function draw(progress) {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const n = peaks.length || 1;
  const barWidth = width / n;
  const total = duration();
  if (skipSilence && skipSilence.checked && total) {
    // The stretches that will be skipped, shaded under the bars.
    ctx.fillStyle = "#eef1f5";
    for (const [start, end] of silences) ctx.fillRect((start / total) * width, 0, ((end - start) / total) * width, height);
  }
  for (let i = 0; i < peaks.length; i++) {
    const h = Math.max(1, peaks[i] * (height - 4));
    ctx.fillStyle = i / n <= progress ? "#0b5cad" : "#7b8797";
    ctx.fillRect(i * barWidth, (height - h) / 2, Math.max(1, barWidth - 0.5), h);
  }
}

function redraw() {
  draw(duration() ? audio.currentTime / duration() : 0);
  canvas.setAttribute("aria-valuenow", String(Math.floor(audio.currentTime)));
  canvas.setAttribute("aria-valuetext", `${fmt(audio.currentTime)} / ${fmt(duration())}`);
  position.textContent = fmt(audio.currentTime);
  length.textContent = fmt(duration());
}

function seekTo(seconds) {
  if (!duration()) return;
  audio.currentTime = Math.min(duration(), Math.max(0, seconds));
  redraw();
}

function togglePlay() {
  if (audio.paused) audio.play().catch(() => {});
  else audio.pause();
}

function showPlayState() {
  const button = document.getElementById("play-pause");
  if (button) button.textContent = audio.paused ? button.dataset.playLabel : button.dataset.pauseLabel;
}

function announce(text) {
  if (!status) return;
  // A fresh text node each time, so the same words said twice are announced twice.
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
}

function changeSpeed(step) {
  const values = [...speed.options].map((option) => Number(option.value));
  const now = values.indexOf(audio.playbackRate);
  const next = values[Math.min(values.length - 1, Math.max(0, (now < 0 ? values.indexOf(1) : now) + step))];
  audio.playbackRate = next;
  // The select follows at once; "ratechange" arrives a task later and would leave it stale meanwhile.
  speed.value = String(next);
  announce(status.dataset.speed.replace("{speed}", speed.options[values.indexOf(next)].textContent));
}

function toggleMute() {
  audio.muted = !audio.muted;
  showMuted();
  announce(audio.muted ? status.dataset.muted : status.dataset.unmuted);
}

function showMuted() {
  if (muteButton) muteButton.setAttribute("aria-pressed", String(audio.muted));
}

function toggleSkipSilence() {
  skipSilence.checked = !skipSilence.checked;
  skipSilence.dispatchEvent(new Event("change"));
}

async function loadSilences() {
  if (!area.dataset.silencesUrl || !skipSilence) return;
  // Same rule as the audio: only inside the listening session, and never from the browser's cache.
  const response = await fetch(area.dataset.silencesUrl, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) return;
  const reply = await response.json().catch(() => ({}));
  silences = reply.silences || [];
  area.dataset.silencesLoaded = String(silences.length);
  redraw();
}

// Checked often while playing: timeupdate alone comes only every quarter second.
let silenceTimer = null;
function watchSilence() {
  clearInterval(silenceTimer);
  silenceTimer = null;
  if (!skipSilence || !skipSilence.checked || audio.paused) return;
  silenceTimer = setInterval(() => {
    const now = audio.currentTime;
    for (const [start, end] of silences) {
      if (now >= start && now < end - SILENCE_LEAD_IN - 0.1) {
        audio.currentTime = end - SILENCE_LEAD_IN;
        return;
      }
    }
  }, 40);
}

function laneToggle(lane, solo) {
  if (!lanes) return;
  const heard = solo ? lanes.toggleSolo(lane) : lanes.toggleMute(lane);
  const name = area.querySelector(`.lane[data-channel="${lane}"] .lane-name`);
  if (name) announce((heard ? status.dataset.laneUnmuted : status.dataset.laneMuted).replace("{party}", name.textContent));
}

function isTyping(target) {
  if (target.isContentEditable) return true;
  if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button"].includes(target.type);
}

// Shortcuts work while the focus is inside the player region; never while typing in a field.
function shortcut(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (isTyping(target)) return;
  const activates = ["BUTTON", "SUMMARY"].includes(target.tagName) || target.type === "checkbox";
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  // The browser's own controls already play, pause and seek with these keys.
  if (target.tagName === "AUDIO" && [" ", "ArrowLeft", "ArrowRight"].includes(key)) return;
  if (key === " " && !activates) togglePlay();
  else if (key === "k") togglePlay();
  else if (key === "j") seekTo(audio.currentTime - 10);
  else if (key === "l") seekTo(audio.currentTime + 10);
  else if (key === "ArrowLeft") seekTo(audio.currentTime - 5);
  else if (key === "ArrowRight") seekTo(audio.currentTime + 5);
  else if (key === "+" || key === "=") changeSpeed(1);
  else if (key === "-" || key === "_") changeSpeed(-1);
  else if (key === "m") toggleMute();
  else if (key === "s" && skipSilence) toggleSkipSilence();
  else if ((key === "1" || key === "2") && area.querySelector(".lane-mute")) laneToggle(Number(key) - 1, false);
  else if (key === "?") {
    const help = document.getElementById("shortcuts");
    help.open = !help.open;
  } else return;
  event.preventDefault();
}

function setUp() {
  peaks = (canvas.dataset.peaks || "").split(",").filter(Boolean).map(Number);
  redraw();
  const playPause = document.getElementById("play-pause");
  if (playPause) playPause.addEventListener("click", togglePlay);
  if (speed) speed.addEventListener("change", () => { audio.playbackRate = Number(speed.value); });
  if (muteButton) muteButton.addEventListener("click", toggleMute);
  area.querySelectorAll("button.skip").forEach((button) => {
    button.addEventListener("click", () => seekTo(audio.currentTime + Number(button.dataset.skip)));
  });
  if (skipSilence) {
    skipSilence.addEventListener("change", () => {
      watchSilence();
      redraw();
      announce(skipSilence.checked ? status.dataset.silenceOn : status.dataset.silenceOff);
    });
  }
  const laneBox = document.getElementById("lanes");
  if (laneBox) {
    lanes = new Lanes(audio, laneBox, Number(area.dataset.channels) === 2 ? 2 : 1);
    laneBox.querySelectorAll(".lane").forEach((row) => {
      const lane = Number(row.dataset.channel);
      const mute = row.querySelector(".lane-mute");
      const solo = row.querySelector(".lane-solo");
      if (mute) mute.addEventListener("click", () => laneToggle(lane, false));
      if (solo) solo.addEventListener("click", () => laneToggle(lane, true));
    });
  }
  audio.addEventListener("play", () => {
    showPlayState();
    watchSilence();
    if (lanes) lanes.start();
  });
  audio.addEventListener("pause", () => {
    showPlayState();
    watchSilence();
    if (lanes) lanes.stop();
  });
  audio.addEventListener("volumechange", showMuted);
  audio.addEventListener("ratechange", () => { if (speed) speed.value = String(audio.playbackRate); });
  audio.addEventListener("timeupdate", redraw);
  audio.addEventListener("loadedmetadata", redraw);
  // The browser's own menu has no Download item (controlslist); the context menu's "Save audio as" goes too.
  audio.addEventListener("contextmenu", (event) => event.preventDefault());
  canvas.addEventListener("click", (event) => {
    const rect = canvas.getBoundingClientRect();
    seekTo(((event.clientX - rect.left) / rect.width) * duration());
  });
  canvas.addEventListener("keydown", (event) => {
    const steps = { ArrowLeft: -5, ArrowRight: 5, ArrowDown: -5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
    if (event.key in steps) seekTo(audio.currentTime + steps[event.key]);
    else if (event.key === "Home") seekTo(0);
    else if (event.key === "End") seekTo(duration());
    else if (event.key === " " || event.key === "Enter") togglePlay();
    else return;
    event.preventDefault();
  });
  area.addEventListener("keydown", shortcut);
  if (audio.getAttribute("src")) loadSilences();
}

// A failed load (storage down answers 503) gets the page's own message, not a silent player.
const unavailable = document.getElementById("player-unavailable");
if (audio && unavailable) {
  audio.addEventListener("error", () => {
    unavailable.hidden = false;
  });
}

async function listen(event) {
  event.preventDefault();
  const error = document.getElementById("listen-error");
  error.textContent = "";
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  const reply = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = reply.error || response.statusText;
    return;
  }
  canvas.dataset.peaks = reply.peaks.join(",");
  peaks = reply.peaks;
  audio.src = reply.audio;
  form.hidden = true;
  area.hidden = false;
  // The Listen form is gone: the keyboard moves to the player's own play/pause button, named and announced,
  // as soon as the player shows (the Listen button held it until then).
  (document.getElementById("play-pause") || audio).focus();
  redraw();
  audio.play().catch(() => {});
  loadSilences();
}

if (audio && canvas) {
  setUp();
  if (form) form.addEventListener("submit", listen);
}
