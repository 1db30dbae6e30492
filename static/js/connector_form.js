// The connector form shows the field groups of the kind chosen and hides the others'; with no kind chosen yet,
// every group shows. Without the script every group stays, each headed with the kinds it belongs to.
const kind = document.getElementById("id_kind");
const sections = Array.from(document.querySelectorAll("fieldset[data-kinds]"));

function update() {
  sections.forEach((section) => {
    section.hidden = Boolean(kind.value) && !section.dataset.kinds.split(" ").includes(kind.value);
  });
}

if (kind) {
  kind.addEventListener("change", update);
  update();
}
