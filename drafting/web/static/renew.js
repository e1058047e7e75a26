// 更新去年文稿: show or hide the rows of one decision (改/问/不动).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const table = document.getElementById("renew-table");
  const filters = document.querySelector("#renew-result .filters");
  if (!table || !filters) return;
  filters.hidden = false;  // without the script every row simply shows
  filters.querySelectorAll("input[data-action]").forEach(function (box) {
    box.addEventListener("change", function () {
      table.classList.toggle("hide-" + box.dataset.action, !box.checked);
    });
  });
});
