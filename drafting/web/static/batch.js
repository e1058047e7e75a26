// 批量起草: while a run goes on, ask the server how far it got; when it is over, show its result.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // the recipe goes with 工作要点, the meeting with 讲话稿: the other one is greyed out
  const form = document.getElementById("batch-form");
  if (form) {
    const sync = function () {
      const speech = form.querySelector("input[name=genre][value=speech]").checked;
      const meeting = form.querySelector("select[name=meeting]");
      const profile = form.querySelector("select[name=profile]");
      if (meeting) meeting.disabled = !speech;
      if (profile) profile.disabled = speech;
    };
    form.querySelectorAll("input[name=genre]").forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  }
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
