// 批量起草: while a run goes on, ask the server how far it got; when it is over, show its result.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const task = document.getElementById("batch-task");
  if (!task || task.dataset.state !== "running") return;
  const bar = document.getElementById("batch-progress");
  const count = document.getElementById("batch-count");
  const current = document.getElementById("batch-current");
  let failures = 0;
  function poll() {
    fetch(task.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        failures = 0;
        if (s.total) { bar.max = s.total; bar.value = s.done; count.textContent = s.done + " / " + s.total; }
        if (s.current) current.textContent = "正在起草：" + s.current;
        if (s.state === "running") { setTimeout(poll, 400); return; }
        window.location.reload();  // the result is rendered by the server
      })
      .catch(function () {
        failures += 1;
        if (failures > 20) { current.textContent = "无法连接起草工具，请确认它仍在运行，然后刷新页面。"; return; }
        setTimeout(poll, 1000);
      });
  }
  setTimeout(poll, 300);
});
