// 起草: arrange the sections (tick, move, swap items, search the library) and show the result's pages.
"use strict";
(function () {
  const form = document.getElementById("draft-form");
  if (!form) return;
  const box = document.getElementById("sections");

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function listing() { return box.querySelector("ol.sections"); }

  function labels() {
    const list = listing();
    return list ? JSON.parse(list.dataset.labels) : { sections: [], items: [] };
  }

  function genre() {
    const checked = form.querySelector("input[name=genre]:checked");
    return checked ? checked.value : "plan";
  }

  // Numbers as the document will have them: 一、二、 for ticked sections; plan items run on
  // across sections (1．…N．), speech paragraphs count within their section (一是、二是).
  function renumber() {
    const list = listing();
    if (!list) return;
    const names = labels();
    const plan = list.dataset.genre === "plan";
    let section = 0, item = 0;
    list.querySelectorAll(":scope > li.section").forEach(function (li) {
      const on = li.querySelector("input[name=include]").checked;
      li.classList.toggle("excluded", !on);
      if (on) section += 1;
      li.querySelector(".label").textContent = on ? names.sections[section - 1] || "" : "不写入";
      let own = 0;
      li.querySelectorAll("li.item").forEach(function (row) {
        own += 1;
        if (on) item += 1;
        const n = plan ? item : own;
        row.querySelector(".num").textContent = on ? names.items[n - 1] || "" : "";
      });
      const rows = li.querySelectorAll("li.item").length;
      li.querySelector(".up").disabled = !li.previousElementSibling;
      li.querySelector(".down").disabled = !li.nextElementSibling;
      li.classList.toggle("empty", rows === 0);
    });
  }

  function texts(li) {
    if (!li._texts) li._texts = JSON.parse(li.querySelector("script.texts").textContent);
    return li._texts;
  }

  // The select is what the user sees; the hidden field beside it is what the form sends.
  function showText(row) {
    const li = row.closest("li.section");
    const id = row.querySelector("select.pick").value;
    row.querySelector("input.chosen").value = id;
    const found = texts(li)[id];
    row.querySelector(".text").textContent = found ? found.text : "";
  }

  function ensureOption(li, hit) {
    texts(li)[hit.id] = { name: hit.name, text: hit.text, span: hit.span };
    li.querySelectorAll("select.pick").forEach(function (select) {
      if (!Array.from(select.options).some(function (o) { return o.value === hit.id; })) {
        const o = el("option", "", hit.name + (hit.span ? "（" + hit.span + "）" : ""));
        o.value = hit.id;
        select.appendChild(o);
      }
    });
  }

  function flash(row) {
    row.classList.add("changed");
    setTimeout(function () { row.classList.remove("changed"); }, 1500);
  }

  function used(li) {
    return Array.from(li.querySelectorAll("select.pick")).map(function (s) { return s.value; });
  }

  function addItem(li, hit) {
    const rows = li.querySelectorAll("li.item");
    let row;
    if (rows.length) {
      row = rows[rows.length - 1].cloneNode(true);
    } else {  // every item was removed: build a row from the section's first select's options
      row = el("li", "item");
      row.appendChild(el("span", "num"));
      const chosen = el("input", "chosen");
      chosen.type = "hidden";
      chosen.name = "item:" + li.dataset.category;
      row.appendChild(chosen);
      const select = el("select", "pick");
      li._options.forEach(function (o) { select.appendChild(o.cloneNode(true)); });
      row.appendChild(select);
      const remove = el("button", "remove", "删去");
      remove.type = "button";
      row.appendChild(remove);
      row.appendChild(el("div", "text"));
    }
    li.querySelector("ol.items").appendChild(row);
    ensureOption(li, hit);
    row.querySelector("select.pick").value = hit.id;
    showText(row);
    flash(row);
  }

  function showHits(li, data) {
    const hits = li.querySelector(".hits");
    hits.textContent = "";
    if (data.problem) { hits.appendChild(el("p", "hit-problem", data.problem)); return; }
    if (!data.results.length) {
      hits.appendChild(el("p", "muted", "没有找到与“" + data.query + "”相关、适用于这一年的条目，可以换一个说法。"));
      return;
    }
    const taken = used(li);
    data.results.forEach(function (hit) {
      const div = el("div", "hit");
      div.dataset.id = hit.id;
      const head = el("div", "hit-head");
      head.appendChild(el("b", "", hit.name));
      if (hit.span) head.appendChild(el("span", "span", "（" + hit.span + "）"));
      div.appendChild(head);
      div.appendChild(el("p", "hit-text", hit.text));
      const acts = el("div", "hit-actions");
      if (taken.indexOf(hit.id) >= 0) {
        acts.appendChild(el("span", "muted", "已在本部分中"));
      } else {
        li.querySelectorAll("li.item").forEach(function (row, i) {
          const b = el("button", "swap", "替换第" + (i + 1) + "条");
          b.type = "button";
          b.addEventListener("click", function () {
            ensureOption(li, hit);
            row.querySelector("select.pick").value = hit.id;
            showText(row);
            flash(row);
            showHits(li, data);
          });
          acts.appendChild(b);
        });
        const add = el("button", "add", "加入本部分");
        add.type = "button";
        add.addEventListener("click", function () { addItem(li, hit); renumber(); showHits(li, data); });
        acts.appendChild(add);
      }
      div.appendChild(acts);
      hits.appendChild(div);
    });
    const close = el("button", "close-hits", "收起搜索结果");
    close.type = "button";
    close.addEventListener("click", function () { hits.textContent = ""; });
    hits.appendChild(close);
  }

  function search(li) {
    const query = li.querySelector("input.query").value.trim();
    const hits = li.querySelector(".hits");
    if (!query) { hits.textContent = ""; hits.appendChild(el("p", "muted", "请输入要搜索的词，如 三会一课")); return; }
    const params = new URLSearchParams({
      q: query, category: li.dataset.category, genre: genre(), year: form.elements.year.value,
      org: form.elements.org.value, profile: form.elements.profile ? form.elements.profile.value : "",
      meeting: form.elements.meeting ? form.elements.meeting.value : "",
    });
    hits.textContent = "";
    hits.appendChild(el("p", "muted", "正在搜索……"));
    fetch(form.dataset.searchUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { showHits(li, data); })
      .catch(function () { showHits(li, { problem: "搜索失败，请重试。" }); });
  }

  box.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const li = button.closest("li.section");
    if (button.classList.contains("up") && li.previousElementSibling) {
      li.parentNode.insertBefore(li, li.previousElementSibling);
    } else if (button.classList.contains("down") && li.nextElementSibling) {
      li.parentNode.insertBefore(li.nextElementSibling, li);
    } else if (button.classList.contains("remove")) {
      if (!li._options) li._options = Array.from(button.closest("li.item").querySelectorAll("select.pick option"));
      button.closest("li.item").remove();
    } else if (button.classList.contains("add-row")) {
      const taken = used(li), all = texts(li);
      const free = Object.keys(all).find(function (id) { return taken.indexOf(id) < 0; });
      if (!free) { button.disabled = true; return; }
      addItem(li, Object.assign({ id: free }, all[free]));
    } else if (button.classList.contains("find")) {
      search(li);
      return;
    } else {
      return;
    }
    renumber();
    button.focus();
  });

  // Dragging a section by its grip moves it, as 上移/下移 do.
  let dragged = null;
  box.addEventListener("dragstart", function (event) {
    const grip = event.target.closest && event.target.closest(".grip");
    if (!grip) return;
    dragged = grip.closest("li.section");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.category);
    event.dataTransfer.setDragImage(dragged, 16, 16);
  });
  box.addEventListener("dragover", function (event) {
    if (!dragged) return;
    const over = event.target.closest && event.target.closest("li.section");
    event.preventDefault();
    if (!over || over === dragged) return;
    const rect = over.getBoundingClientRect();
    const after = event.clientY > rect.top + rect.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });
  box.addEventListener("drop", function (event) { if (dragged) event.preventDefault(); });
  box.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    renumber();
  });

  box.addEventListener("change", function (event) {
    const t = event.target;
    if (t.name === "include") renumber();
    if (t.classList.contains("pick")) { showText(t.closest("li.item")); }
  });

  box.addEventListener("keydown", function (event) {
    // Enter in a search box searches; it must not submit the whole form.
    if (event.key === "Enter" && event.target.classList.contains("query")) {
      event.preventDefault();
      search(event.target.closest("li.section"));
    }
  });

  function describe() {
    const select = form.querySelector(genre() === "plan" ? "select[name=profile]" : "select[name=meeting]");
    const option = select && select.selectedOptions[0];
    document.getElementById("recipe-description").textContent = option ? option.dataset.description || "" : "";
  }

  // A new genre, recipe or year lists other sections: fetched from the server, which picks them as assemble does.
  let pending = null;
  function reload(keep) {
    const plan = genre() === "plan";
    form.querySelector(".for-plan").hidden = !plan;
    form.querySelector(".for-speech").hidden = plan;
    describe();
    const params = new URLSearchParams({
      genre: genre(), year: form.elements.year.value, org: form.elements.org.value,
      org_short: form.elements.org_short.value, superior: form.elements.superior.value,
      speaker: form.elements.speaker.value,
      profile: form.elements.profile ? form.elements.profile.value : "",
      meeting: form.elements.meeting ? form.elements.meeting.value : "",
    });
    if (keep === true) {  // only the year changed: the arrangement goes along, kept where it fits
      params.set("keep", "1");
      new FormData(form).forEach(function (value, key) {
        if (key === "section" || key === "include" || key.indexOf("heading:") === 0 || key.indexOf("item:") === 0) {
          params.append(key, value);
        }
      });
    }
    const asked = params.toString();
    pending = asked;
    box.classList.add("loading");
    fetch(form.dataset.sectionsUrl + "?" + asked, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (pending !== asked) return;  // a later change is on its way
        box.innerHTML = html;
        box.classList.remove("loading");
        renumber();
      })
      .catch(function () { box.classList.remove("loading"); });
  }

  form.querySelectorAll("input[name=genre], select.recipe").forEach(function (e) {
    e.addEventListener("change", function () { reload(false); });
  });
  // Another year has other snippets: the sections are listed again once four digits are typed.
  let typed = null, listedYear = form.elements.year.value.trim();
  form.elements.year.addEventListener("input", function () {
    clearTimeout(typed);
    const value = form.elements.year.value.trim();
    if (/^\d{4}$/.test(value) && value !== listedYear) {
      typed = setTimeout(function () { listedYear = value; reload(true); }, 400);
    }
  });

  renumber();

  // The result's page images: made by LibreOffice on the server after the page is shown.
  const images = document.getElementById("page-images");
  if (images && images.dataset.url) {
    window.draftPost(images.dataset.url, new FormData())
      .then(function (r) { return r.json(); })
      .then(function (data) {
        images.textContent = "";
        if (data.problem) {
          images.appendChild(el("p", "muted", "无法生成页面预览：" + data.problem));
          return;
        }
        data.pages.forEach(function (src, i) {
          const img = el("img", "page");
          img.src = src;
          img.alt = "第" + (i + 1) + "页";
          images.appendChild(img);
        });
        images.classList.add("ready");
        if (data.pdf) {
          const a = el("a", "button", "下载 PDF（排版预览）");
          a.href = data.pdf;
          a.setAttribute("download", "");
          document.querySelector("#draft-result .pdf-link").appendChild(a);
        }
        const reading = document.getElementById("reading-box");
        if (reading) reading.open = false;
      })
      .catch(function () {
        images.textContent = "";
        images.appendChild(el("p", "muted", "无法生成页面预览，请直接下载文稿查看。"));
      });
  }
})();
