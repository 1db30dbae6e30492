// Times as the player shows them: mm:ss for calls under an hour, h:mm:ss for longer ones,
// the elapsed time in the same form as the total so the two line up.
export function clock(seconds, total = seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return total >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${String(Math.floor(s / 60)).padStart(2, "0")}:${ss}`;
}
