// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Pipeline board: a drop asks the server to move the project through the same service as the
// detail page; if the server refuses, the card goes back and the reason is shown.
(() => {
  const board = document.querySelector(".zs-kanban");
  if (!board) return;
  const message = document.getElementById("kanban-message");
  // The CSRF cookie is HttpOnly; every page carries the token in its forms.
  const token = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  let dragged = null;
  board.addEventListener("dragstart", (e) => {
    dragged = e.target.closest(".zs-card");
    if (dragged) { dragged.classList.add("zs-dragging"); e.dataTransfer.setData("text/plain", dragged.dataset.code); }
  });
  board.addEventListener("dragend", () => { if (dragged) dragged.classList.remove("zs-dragging"); });
  board.addEventListener("dragover", (e) => {
    const zone = e.target.closest(".zs-kanban-drop");
    if (zone) { e.preventDefault(); zone.classList.add("zs-over"); }
  });
  board.addEventListener("dragleave", (e) => {
    const zone = e.target.closest(".zs-kanban-drop");
    if (zone) zone.classList.remove("zs-over");
  });
  const show = (ok, text) => {
    message.className = "alert " + (ok ? "alert-success" : "alert-danger");
    message.textContent = text;
  };
  board.addEventListener("drop", async (e) => {
    const zone = e.target.closest(".zs-kanban-drop");
    if (!zone || !dragged) return;
    e.preventDefault();
    zone.classList.remove("zs-over");
    const column = zone.closest(".zs-kanban-col");
    const origin = dragged.closest(".zs-kanban-col");
    if (column === origin) return;
    const card = dragged;
    const url = board.dataset.moveUrlTemplate.replace("CODE", card.dataset.code);
    const body = new URLSearchParams({ to_stage: column.dataset.stage });
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: { "X-CSRFToken": token(), "Content-Type": "application/x-www-form-urlencoded" },
    });
    const answer = await response.json().catch(() => ({ ok: false, message: response.statusText }));
    show(answer.ok, answer.message);
    if (answer.ok) {
      zone.prepend(card);
      // Columns show at most 60 cards, so adjust the server's totals rather than recount.
      const bump = (col, by) => {
        const count = col.querySelector(".zs-count");
        count.textContent = String(Number(count.textContent) + by);
      };
      bump(origin, -1);
      bump(column, 1);
    }
  });
})();
