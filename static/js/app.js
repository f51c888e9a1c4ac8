// Small behaviours shared by every page; no framework. htmx handles server round trips.
document.addEventListener("submit", function (event) {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A table or chart wider than the screen scrolls sideways inside its box; a keyboard user must be able
// to reach it to scroll it (WCAG 2.1.1), so a box that overflows becomes focusable, named by its caption.
function focusableScrollers(root) {
  root.querySelectorAll(".table-responsive, .overflow-x-auto").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption, [aria-label]");
      const name = caption ? caption.getAttribute("aria-label") || caption.textContent.trim() : "";
      box.setAttribute("aria-label", name || (document.documentElement.lang === "en" ? "Scrollable table" : "Bảng cuộn ngang"));
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });
window.addEventListener("resize", function () { focusableScrollers(document); });
document.addEventListener("htmx:afterSettle", function (event) { focusableScrollers(event.target); });
