// The call list's "select all on this page" box ticks every call of the page for the bulk hold, and the form
// says how many calls are ticked. Without the script each call is still ticked one by one.
const all = document.getElementById("select-all");
const count = document.getElementById("selected-count");
const boxes = () => Array.from(document.querySelectorAll("input[name=recordings]"));

function update() {
  const ticked = boxes().filter((box) => box.checked).length;
  if (all) {
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  }
  if (count) count.textContent = count.dataset[ticked === 1 ? "one" : "many"].replace("{n}", ticked);
}

if (all) {
  all.hidden = false;
  all.addEventListener("change", () => {
    boxes().forEach((box) => { box.checked = all.checked; });
    update();
  });
}
document.addEventListener("change", (event) => {
  if (event.target.name === "recordings") update();
});
