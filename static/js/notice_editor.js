// The notice editor's live preview: after each pause in typing the form is posted to the preview endpoint and the
// preview pane is replaced with the notice as it would read. Without this script the Preview button does the same
// by reloading the page. The pane itself is not a live region (a whole notice read out on every keystroke would
// drown a screen reader); a short status says the preview changed.
const form = document.getElementById("notice-form");
const pane = document.getElementById("notice-preview");
const status = document.getElementById("preview-status");
if (form && pane && window.fetch) {
  let timer = null;
  let inFlight = null;
  const refresh = async () => {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      pane.innerHTML = await response.text();
      pane.dataset.version = String(Number(pane.dataset.version || 0) + 1);
      status.textContent = form.dataset.updated;
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = form.dataset.failed;
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
}
