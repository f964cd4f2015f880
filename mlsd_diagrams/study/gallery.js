/* The gallery index: narrow the designs by words and by component kind. */
(function () {
  "use strict";
  const search = document.getElementById("search");
  const kind = document.getElementById("kind");
  const count = document.getElementById("count");
  const none = document.getElementById("none");
  const items = Array.from(document.querySelectorAll("article[data-search]"));
  function update() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const wanted = kind.value;
    let shown = 0;
    items.forEach((item) => {
      const ok = words.every((word) => item.dataset.search.includes(word)) &&
        (!wanted || item.dataset.kinds.split(" ").includes(wanted));
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = `${shown} of ${items.length} designs`;
    none.hidden = shown > 0;
    document.querySelectorAll(".chip[data-kind]").forEach((chip) => {
      chip.classList.toggle("active", chip.dataset.kind === wanted);
    });
  }
  search.addEventListener("input", update);
  kind.addEventListener("change", update);
  document.addEventListener("click", (event) => {
    const chip = event.target.closest ? event.target.closest(".chip[data-kind]") : null;
    if (!chip) return;
    kind.value = kind.value === chip.dataset.kind ? "" : chip.dataset.kind;
    update();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  update();
})();
