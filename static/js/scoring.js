// The score grid: keyboard-only entry and checks as the user types. htmx saves each cell (the form's
// "save" event) when the user leaves it; the server checks again and has the last word.
(function () {
  "use strict";

  function grid() {
    return document.getElementById("grid");
  }

  function message(name, max) {
    const text = grid().getAttribute("data-msg-" + name) || "";
    return text.replace("%(max)s", max);
  }

  // "12,5", "12.5", "−2" → number; "" → null; anything else → NaN.
  function parse(raw) {
    const text = raw.trim().replace(/\u2212/g, "-").replace(/\s/g, "").replace(",", ".");
    if (text === "") {
      return null;
    }
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  }

  function places(raw) {
    const match = raw.trim().replace(",", ".").match(/\.(\d+)$/);
    return match ? match[1].length : 0;
  }

  // The same questions as scoring.services.rounds.value_problem, in the same words.
  function problem(input) {
    const value = parse(input.value);
    const kind = input.getAttribute("data-kind");
    const high = input.getAttribute("data-high");
    const low = input.getAttribute("data-low");
    if (value === null) {
      return "";
    }
    if (Number.isNaN(value)) {
      return message("nan");
    }
    if (places(input.value) > 2) {
      return message("places");
    }
    if (kind === "deduction") {
      const max = low.replace("-", "").replace("\u2212", "");
      if (value > 0) {
        return message("deduction-positive", max);
      }
      if (value < -parse(max)) {
        return message("deduction-below", max);
      }
      return "";
    }
    if (value < 0) {
      return message("negative");
    }
    if (value > parse(high)) {
      return message("above", high);
    }
    return "";
  }

  function check(input) {
    const text = problem(input);
    const box = document.getElementById(input.getAttribute("aria-describedby"));
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.classList.add("is-invalid");
      box.textContent = text;
      box.className = "cell-msg text-danger";
    } else if (input.getAttribute("aria-invalid") === "true") {
      input.removeAttribute("aria-invalid");
      input.classList.remove("is-invalid");
      box.textContent = "";
      box.className = "cell-msg";
    }
    return !text;
  }

  function scoreInputs() {
    return Array.prototype.slice.call(grid().querySelectorAll("input.score"));
  }

  document.addEventListener("input", function (event) {
    if (grid() && event.target.matches("#grid input.score")) {
      check(event.target);
    }
  });

  // Leaving a changed cell saves it (Tab, Enter, a click elsewhere): one save per change.
  document.addEventListener("change", function (event) {
    const form = event.target.form;
    if (grid() && form && form.classList.contains("cell-form")) {
      window.htmx.trigger(form, "save");
    }
  });

  // A refused value is not sent; the message is already on screen.
  document.addEventListener("htmx:confirm", function (event) {
    const form = event.target;
    if (form.classList && form.classList.contains("cell-form")) {
      const input = form.querySelector("input.score");
      if (!check(input)) {
        event.preventDefault();
      }
    }
  });

  // Enter: the next criterion's score (Shift+Enter: the previous one). Tab keeps its usual order.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !grid() || !event.target.matches("#grid input[type=text]")) {
      return;
    }
    event.preventDefault();
    const form = event.target.form;
    const inputs = scoreInputs();
    const here = inputs.indexOf(form.querySelector("input.score"));
    const next = inputs[here + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else {
      event.target.blur(); // the last cell: leaving it saves it
    }
  });
})();
