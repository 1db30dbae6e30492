// Waveform and seeking for the call player. No inline script: the CSP forbids it.
const audio = document.getElementById("player");
const canvas = document.getElementById("waveform");
const position = document.getElementById("position");

function fmt(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function draw(peaks, progress) {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const n = peaks.length || 1;
  const barWidth = width / n;
  for (let i = 0; i < peaks.length; i++) {
    const h = Math.max(1, peaks[i] * (height - 4));
    ctx.fillStyle = i / n <= progress ? "#0b5cad" : "#a9b6c6";
    ctx.fillRect(i * barWidth, (height - h) / 2, Math.max(1, barWidth - 0.5), h);
  }
}

if (audio && canvas) {
  const peaks = (canvas.dataset.peaks || "").split(",").filter(Boolean).map(Number);
  const duration = () => (Number.isFinite(audio.duration) ? audio.duration : 0);
  const redraw = () => draw(peaks, duration() ? audio.currentTime / duration() : 0);
  redraw();
  audio.addEventListener("timeupdate", () => {
    position.textContent = fmt(audio.currentTime);
    redraw();
  });
  audio.addEventListener("loadedmetadata", redraw);
  canvas.addEventListener("click", (event) => {
    const rect = canvas.getBoundingClientRect();
    const fraction = (event.clientX - rect.left) / rect.width;
    if (duration()) audio.currentTime = fraction * duration();
  });
}

// A failed load (storage down answers 503) gets the page's own message, not a silent player.
const unavailable = document.getElementById("player-unavailable");
if (audio && unavailable) {
  audio.addEventListener("error", () => {
    unavailable.hidden = false;
  });
}
