// The event form: partners and directions found by typing (Tom Select), a partner that is not
// in the list added without leaving the form, participant rows added and removed without a
// round trip. Without JavaScript the form still works: plain lists, a blank row, save.
(() => {
  const form = document.querySelector("[data-event-form]");
  if (!form) return;

  // Searchable multi-selects: the chosen ones are chips with a × to remove them.
  const searchable = {};
  for (const select of form.querySelectorAll("select[data-searchable]")) {
    const label = form.querySelector(`label[for="${select.id}"]`);
    searchable[select.name] = new TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: null,
      closeAfterSelect: false,
      hidePlaceholder: true,
      render: {
        no_results: () => {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = form.dataset.noResults;
          return div;
        },
      },
    });
    // Tom Select points the label at its own input and hides the list: the hidden list keeps
    // its name for assistive technology and leaves the tab order to the search input.
    if (label) select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    select.setAttribute("tabindex", "-1");
  }

  // A new partner: sent to the server on its own, then chosen in the partners' list.
  const quick = form.querySelector("[data-quick-partner]");
  if (quick) {
    const status = quick.querySelector("[data-quick-partner-status]");
    const button = quick.querySelector("[data-quick-partner-add]");
    const fields = () => quick.querySelectorAll("[data-quick-partner-field]");
    const add = async () => {
      const data = new FormData();
      for (const field of fields()) data.append(field.name, field.value);
      const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      button.disabled = true;
      try {
        const response = await fetch(quick.dataset.quickPartner, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrf },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (response.ok) {
          const partners = searchable.partners;
          const value = String(answer.id);
          if (partners) {
            partners.addOption({ value, text: answer.name });
            partners.addItem(value);
          } else {
            const select = form.querySelector("select[name=partners]");
            select.add(new Option(answer.name, value, true, true));
          }
          for (const field of fields()) if (field.tagName === "INPUT") field.value = "";
          status.className = "small text-success";
          status.textContent = answer.message;
        } else {
          status.className = "small text-danger";
          status.textContent = answer.errors.join(" ");
        }
      } catch {
        status.className = "small text-danger";
        status.textContent = quick.dataset.failed;
      } finally {
        button.disabled = false;
      }
    };
    button.addEventListener("click", add);
    // Enter in the partner's name adds the partner instead of saving the whole event.
    quick.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault();
        add();
      }
    });
  }

  // Participants: "Add a participant" copies the blank row; a new row can be removed again.
  const participants = form.querySelector("[data-participants]");
  if (participants) {
    const prefix = participants.dataset.prefix;
    const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const template = participants.querySelector("template[data-participant-template]");
    const body = participants.querySelector("tbody");
    const addButton = participants.querySelector("[data-add-participant]");
    const showRemoveButtons = (root) => {
      for (const button of root.querySelectorAll("[data-remove-participant]")) {
        button.classList.remove("d-none");
      }
    };
    addButton.classList.remove("d-none");
    showRemoveButtons(body);
    addButton.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(body.querySelectorAll("[data-participant-row]").length + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = body.lastElementChild;
      showRemoveButtons(row);
      row.querySelector("input[type=text]")?.focus();
    });
    // A new row removed is hidden and marked deleted: the server skips it, and the rows after
    // it keep their numbers (a gap would read as a row emptied, with the side still chosen).
    body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-participant]");
      if (!button) return;
      const row = button.closest("tr");
      const deleted = row.querySelector('input[name$="-DELETE"]');
      if (deleted) deleted.checked = true;
      row.hidden = true;
      addButton.focus();
    });
  }
})();
