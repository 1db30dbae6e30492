// A form sent back with errors puts the keyboard on the first field in error, whose message is tied to it
// (aria-describedby); a screen reader then reads the field and what is wrong with it.
const firstInvalid = document.querySelector("main [aria-invalid=true]");
if (firstInvalid) firstInvalid.focus();
