// A unit's registration page: "Áp dụng cho tất cả" sets every officer's title select at once. Without
// script the same button posts and the server sets them (cycle.views.registration.PeopleForm.apply_to_all).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const button = event.target.closest("#apply-all-button");
    if (!button) {
      return;
    }
    event.preventDefault();
    const all = document.getElementById("id_people-all");
    const status = document.getElementById("apply-all-status");
    const choice = all.value;
    if (choice === "") {
      status.textContent = button.getAttribute("data-missing");
      status.className = "small text-danger";
      all.focus();
      return;
    }
    const selects = document.querySelectorAll("#people select");
    selects.forEach(function (select) {
      select.value = choice === "none" ? "" : choice;
    });
    const title = all.options[all.selectedIndex].text.replace(/^— | —$/g, "");
    status.textContent = button
      .getAttribute("data-done")
      .replace("%(title)s", title)
      .replace("%(n)s", String(selects.length));
    status.className = "small text-success";
  });
})();
