// A form's buttons are disabled once it is sent, so that a double click sends it once.
// The server refuses a second copy anyway (SubmitOnceMixin); this spares the person a reload.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method.toLowerCase() !== "post") return;
  // Disabled after this tick: a button disabled now would drop its own name from the data.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button[type=submit], input[type=submit]")) {
      button.disabled = true;
    }
    form.setAttribute("aria-busy", "true");
  });
});
