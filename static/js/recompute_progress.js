// The retention page's progress bar for a rule change's recompute moves while the page is open: every few
// seconds it asks the server how far the job is, and reloads the page when the job is done (the forecast's
// counts change with the new dates). Without the script the bar is as the page was rendered; a reload moves it.
const box = document.getElementById("rule-recompute");
const EVERY_MS = 3000;

async function poll() {
  let answer;
  try {
    const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    answer = await response.json();
  } catch {
    setTimeout(poll, EVERY_MS * 2); // the server is busy or restarting: try again later
    return;
  }
  if (answer.finished) {
    window.location.reload();
    return;
  }
  const bar = box.querySelector("progress");
  if (answer.total !== null && answer.total !== undefined) {
    bar.max = Math.max(answer.total, 1);
    bar.value = answer.done;
    bar.textContent = `${answer.percent} %`;
  }
  box.querySelector(".rule-recompute-count").textContent = answer.text;
  setTimeout(poll, EVERY_MS);
}

if (box) setTimeout(poll, EVERY_MS);
