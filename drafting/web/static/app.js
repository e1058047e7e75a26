// The workbench's only script: small helpers, no framework, no build step.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  // The token every POST must carry, for requests made from scripts.
  window.draftToken = meta ? meta.content : "";
  window.draftPost = function (url, body) {
    return fetch(url, { method: "POST", headers: { "X-CSRF-Token": window.draftToken }, body: body,
                        credentials: "same-origin" });
  };
  // A form submitted twice by an impatient click would run its job twice.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      b.dataset.label = b.textContent; b.textContent = "正在处理……";
    });
    window.addEventListener("pageshow", function () {  // back button: the form is usable again
      delete form.dataset.sent;
      form.querySelectorAll("button[type=submit]").forEach(function (b) { if (b.dataset.label) b.textContent = b.dataset.label; });
    }, { once: true });
  });
})();
