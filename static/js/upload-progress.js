// The import page: a bar for how much of the file is sent, then "checking" until the
// preview comes back. htmx sends the form (data-hx-boost) and reports the upload's progress;
// without JavaScript the form is a plain post and none of this runs.
(() => {
  if (window.uploadProgressReady) return; // htmx re-runs the scripts of a boosted page
  window.uploadProgressReady = true;

  const FORM = "form[data-upload-progress]";

  function parts(form) {
    const box = document.getElementById(form.dataset.uploadProgress);
    return {
      box,
      bar: box.querySelector("progress"),
      label: box.querySelector("label"),
      text: box.querySelector("[data-progress-text]"),
    };
  }

  // A CSV's rows are its lines less the header; counting bytes works whatever the
  // encoding. An XLSX is a zip: its rows are known only once the server reads it.
  document.addEventListener("change", async (event) => {
    const input = event.target;
    const form = input.closest(FORM);
    if (!form || input.type !== "file") return;
    delete form.dataset.rows;
    const file = input.files[0];
    if (!file || !/\.csv$/i.test(file.name) || file.size > 20 * 1024 * 1024) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let lines = 0;
    for (const byte of bytes) if (byte === 10) lines += 1;
    if (bytes.length && bytes[bytes.length - 1] !== 10) lines += 1;
    if (lines > 1) form.dataset.rows = lines - 1;
  });

  document.addEventListener("htmx:beforeSend", (event) => {
    const form = event.target.closest(FORM);
    if (!form) return;
    const { box, bar, label, text } = parts(form);
    form.dataset.uploadState = "sending";
    bar.max = 100;
    bar.value = 0;
    label.textContent = box.dataset.sendingLabel;
    text.textContent = box.dataset.sending;
  });

  document.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest(FORM);
    if (!form || form.dataset.uploadState !== "sending" || !event.detail.lengthComputable) return;
    parts(form).bar.value = Math.round((event.detail.loaded * 100) / event.detail.total);
  });

  // The first loadend is the upload's (the response's comes after the check): the file
  // is on the server, which now reads every row. How long that takes is not known.
  document.addEventListener("htmx:xhr:loadend", (event) => {
    const form = event.target.closest(FORM);
    if (!form || form.dataset.uploadState !== "sending") return;
    form.dataset.uploadState = "checking";
    const { box, bar, label, text } = parts(form);
    bar.removeAttribute("value"); // an indeterminate bar
    label.textContent = box.dataset.checkingLabel;
    const count = Number(form.dataset.rows);
    text.textContent = count
      ? box.dataset.checkingRows.replace("{rows}", count.toLocaleString("uk-UA"))
      : box.dataset.checkingFile;
  });
})();
