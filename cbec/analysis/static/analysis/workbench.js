// Keyboard review: j/k move, a approve, r reject, x select for bulk. Works without a mouse.
(function () {
  const rows = () => Array.from(document.querySelectorAll("#workbench tr.cw-row"));
  let index = 0;
  function focus(i) {
    const all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(i, all.length - 1));
    all[index].focus();
  }
  document.addEventListener("keydown", (event) => {
    if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
    const row = rows()[index];
    if (event.key === "j") focus(index + 1);
    else if (event.key === "k") focus(index - 1);
    else if (row && (event.key === "a" || event.key === "r")) {
      row.querySelector(event.key === "a" ? "button.approve" : "button.reject")?.click();
    } else if (row && event.key === "x") {
      const box = row.querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
    }
  });
  document.body.addEventListener("htmx:afterSwap", () => focus(index + 1));
})();
