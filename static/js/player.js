// The call player: opens the listening session without a reload and starts playback,
// draws the waveform, and seeks by click or keyboard. No inline script: the CSP forbids it.
const audio = document.getElementById("player");
const canvas = document.getElementById("waveform");
const position = document.getElementById("position");
const area = document.getElementById("player-area");
const form = document.getElementById("listen-form");
let peaks = [];

function fmt(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function draw(progress) {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const n = peaks.length || 1;
  const barWidth = width / n;
  for (let i = 0; i < peaks.length; i++) {
    const h = Math.max(1, peaks[i] * (height - 4));
    ctx.fillStyle = i / n <= progress ? "#0b5cad" : "#7b8797";
    ctx.fillRect(i * barWidth, (height - h) / 2, Math.max(1, barWidth - 0.5), h);
  }
}

function duration() {
  return Number.isFinite(audio.duration) ? audio.duration : Number(canvas.getAttribute("aria-valuemax")) || 0;
}

function redraw() {
  draw(duration() ? audio.currentTime / duration() : 0);
  canvas.setAttribute("aria-valuenow", String(Math.floor(audio.currentTime)));
  canvas.setAttribute("aria-valuetext", `${fmt(audio.currentTime)} / ${fmt(duration())}`);
  position.textContent = fmt(audio.currentTime);
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

function setUp() {
  peaks = (canvas.dataset.peaks || "").split(",").filter(Boolean).map(Number);
  redraw();
  const playPause = document.getElementById("play-pause");
  const speed = document.getElementById("speed");
  if (playPause) playPause.addEventListener("click", togglePlay);
  if (speed) speed.addEventListener("change", () => { audio.playbackRate = Number(speed.value); });
  audio.addEventListener("play", showPlayState);
  audio.addEventListener("pause", showPlayState);
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
  redraw();
  audio.play().catch(() => {});
  // The Listen form is gone: the keyboard moves to the player's own play/pause button, named and announced.
  (document.getElementById("play-pause") || audio).focus();
}

if (audio && canvas) {
  setUp();
  if (form) form.addEventListener("submit", listen);
}
