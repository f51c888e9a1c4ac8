// Voting pages: one question per screen with Back / Next (the form works without it, all on one
// page), a cap on check boxes for "at most k", and finding one's receipt in the published list
// without sending it to the server.
(function () {
  "use strict";

  function steps(form) {
    const fieldsets = Array.from(form.querySelectorAll(".vote-step"));
    const review = form.querySelector("#ballot-review");
    if (fieldsets.length < 2 || !review) {
      return;
    }
    const nav = form.querySelector(".vote-nav");
    const back = document.createElement("button");
    back.type = "button";
    back.className = "btn btn-outline-secondary btn-lg";
    back.id = "ballot-back";
    back.textContent = form.dataset.back || "← Quay lại";
    const next = document.createElement("button");
    next.type = "button";
    next.className = "btn btn-primary btn-lg";
    next.id = "ballot-next";
    next.textContent = form.dataset.next || "Tiếp theo →";
    nav.insertBefore(back, review);
    nav.insertBefore(next, review);
    let current = 0;
    const firstError = fieldsets.findIndex(function (f) { return f.querySelector(".text-danger"); });
    if (firstError >= 0) {
      current = firstError;
    }
    function show() {
      fieldsets.forEach(function (f, i) { f.hidden = i !== current; });
      back.hidden = current === 0;
      next.hidden = current === fieldsets.length - 1;
      review.hidden = current !== fieldsets.length - 1;
      fieldsets[current].querySelector("legend").focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    back.addEventListener("click", function () { current = Math.max(0, current - 1); show(); });
    next.addEventListener("click", function () { current = Math.min(fieldsets.length - 1, current + 1); show(); });
    fieldsets.forEach(function (f) { f.querySelector("legend").tabIndex = -1; });
    show();
  }

  function caps(form) {
    form.querySelectorAll(".vote-options[data-max]").forEach(function (group) {
      const max = parseInt(group.dataset.max, 10);
      const boxes = Array.from(group.querySelectorAll("input[type=checkbox]"));
      if (!boxes.length) {
        return;
      }
      function update() {
        const checked = boxes.filter(function (b) { return b.checked; }).length;
        boxes.forEach(function (b) { b.disabled = !b.checked && checked >= max; });
      }
      boxes.forEach(function (b) { b.addEventListener("change", update); });
      update();
    });
  }

  function finder(input) {
    const rows = Array.from(document.querySelectorAll(input.dataset.filter));
    const found = document.getElementById("receipt-found");
    input.addEventListener("input", function () {
      const wanted = input.value.toUpperCase().replace(/[^A-Z0-9]/g, "");
      let hits = 0;
      rows.forEach(function (row) {
        const code = row.dataset.receipt.replace("-", "");
        const match = !wanted || code.indexOf(wanted) === 0;
        row.hidden = !match;
        row.classList.toggle("mine", Boolean(wanted) && code === wanted);
        if (wanted && code === wanted) {
          hits += 1;
        }
      });
      if (found) {
        found.hidden = hits !== 1;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("ballot");
    if (form) {
      caps(form);
      if (form.dataset.steps) {
        steps(form);
      }
    }
    const input = document.getElementById("receipt-find");
    if (input) {
      finder(input);
    }
  });
})();
