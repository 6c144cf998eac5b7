/* The translation desk's page. Every piece of article text reaches the page through
   textContent (never innerHTML), so nothing in an article can become markup or script. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var RECENT = "briefing-desk-recent";
  var current = null;  // the finished article's payload
  var flags = {};

  function status(text, isError) {
    var el = $("status");
    el.textContent = text;
    el.className = isError ? "error" : "";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function apiKey() { return $("api-key").value; }

  // --- the reading view is remembered, as on the briefing page ---
  try {
    var saved = localStorage.getItem("briefing-view");
    if (saved && $(saved)) $(saved).checked = true;
    document.querySelectorAll(".view-input").forEach(function (input) {
      input.addEventListener("change", function () { localStorage.setItem("briefing-view", input.id); });
    });
  } catch (e) { /* storage may be off */ }

  // --- laying out the article as it streams in ---
  function layout(start) {
    $("result").hidden = false;
    $("title-nl").textContent = start.title || "";
    $("title-en").textContent = start.title ? "…" : "";
    $("meta").textContent = "";
    $("to-check").hidden = true;
    $("quotes").hidden = true;
    $("downloads").hidden = true;
    $("copy").disabled = true;
    var rows = $("rows");
    rows.textContent = "";
    start.paragraphs.forEach(function (p) {
      var para = el("div", {"class": p.kind === "heading" ? "row heading" : "para" + (p.kind === "caption" ? " caption" : "")});
      p.rows.forEach(function (r) {
        if (p.kind === "heading") {
          para.appendChild(el("h4", {lang: "nl", id: r.id}, r.nl));
          para.appendChild(el("h4", {lang: "en", "data-row": r.id, "class": "pending"}, "…"));
          return;
        }
        var row = el("div", {"class": "row", id: r.id});
        row.appendChild(el("p", {lang: "nl", tabindex: "0"}, r.nl));
        row.appendChild(el("p", {lang: "en", tabindex: "0", "class": "pending", "aria-busy": "true"}, "…"));
        para.appendChild(row);
      });
      rows.appendChild(para);
    });
  }

  function englishCell(id) {
    var row = $(id);
    if (!row) return null;
    if (row.tagName === "H4") return row.parentNode.querySelector('[data-row="' + id + '"]');
    return row.querySelector('p[lang="en"]');
  }

  function fill(rows) {
    rows.forEach(function (r) {
      var cell = englishCell(r.id);
      if (!cell) return;
      cell.textContent = r.en;
      cell.classList.remove("pending");
      cell.removeAttribute("aria-busy");
    });
  }

  // The Dutch sentence with its quotations marked: pieces of text, each set as text.
  function markedDutch(cell, s) {
    cell.textContent = "";
    var marks = (s.marks || []).filter(function (m) { return m.depth === 0; })
      .sort(function (a, b) { return a.start - b.start; });
    var pos = 0;
    marks.forEach(function (m) {
      var start = Math.max(m.start, pos);
      if (start >= m.end) return;
      if (start > pos) cell.appendChild(document.createTextNode(s.nl.slice(pos, start)));
      cell.appendChild(el("mark", {"class": m.key ? "q key" : "q"}, s.nl.slice(start, m.end)));
      pos = m.end;
    });
    if (pos < s.nl.length) cell.appendChild(document.createTextNode(s.nl.slice(pos)));
  }

  function finish(done) {
    current = done;
    flags = done.flags || {};
    var a = done.article;
    $("title-en").textContent = a.title.en || a.title.nl;
    $("title-nl").textContent = a.title.nl;
    var meta = [a.date || "undated"];
    if (a.source) meta.push(a.source);
    $("meta").textContent = meta.join(" · ");
    var rows = $("rows");
    rows.textContent = "";
    a.paragraphs.forEach(function (p) {
      if (p.kind === "heading") {
        var head = el("div", {"class": "row heading"});
        p.sentences.forEach(function (s) {
          head.appendChild(el("h4", {lang: "nl", id: s.id}, s.nl));
          head.appendChild(el("h4", {lang: "en"}, s.en));
        });
        rows.appendChild(head);
        return;
      }
      var para = el("div", {"class": "para" + (p.kind === "caption" ? " caption" : "")});
      if (p.kind === "caption") para.appendChild(el("p", {"class": "caption-label"}, "Photo caption" + (p.credit ? " · © " + p.credit : "")));
      p.sentences.forEach(function (s) {
        var cls = "row" + (s.key_quote ? " has-key" : "") + (s.check_first ? " check-first" : "");
        var row = el("div", {"class": cls, id: s.id});
        var nl = el("p", {lang: "nl", tabindex: "0"});
        markedDutch(nl, s);
        var en = el("p", {lang: "en", tabindex: "0"}, s.en);
        if (s.key_quote) en.className = "q-en";
        var why = (s.qa || []).map(function (f) { return flags[f] || f; });
        if (s.check_first) why.push("the model was least sure of this sentence");
        if (why.length) {
          var text = "Check: " + why.join("; ");
          en.appendChild(document.createTextNode(" "));
          en.appendChild(el("span", {"class": "qa", title: text, "aria-hidden": "true"}, "⚑"));
          var note = el("span", {"class": "qa-why"}, text);
          if (s.next_check) {
            note.appendChild(document.createTextNode(" · "));
            note.appendChild(el("a", {href: "#" + s.next_check}, "next to check"));
          }
          en.appendChild(note);
        }
        row.appendChild(nl);
        row.appendChild(en);
        para.appendChild(row);
      });
      rows.appendChild(para);
    });
    var check = $("to-check");
    check.textContent = "";
    if (a.to_check) {
      check.appendChild(el("a", {href: "#" + a.first_check}, a.to_check + " sentence" + (a.to_check === 1 ? "" : "s") + " to check"));
      check.hidden = false;
    }
    var list = $("quote-list");
    list.textContent = "";
    (a.quotes || []).filter(function (q) { return !q.nested && q.en; }).forEach(function (q) {
      var li = el("li");
      li.appendChild(el("a", {href: "#" + q.anchor}, q.speaker_en || q.speaker || "unattributed"));
      if (q.role) li.appendChild(el("span", {"class": "role"}, " (" + (q.role_en || q.role) + ")"));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("q", {lang: "en"}, q.en));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", {"class": "orig", lang: "nl"}, q.nl));
      if (q.key) li.appendChild(el("strong", {}, " · key quote"));
      list.appendChild(li);
    });
    $("quotes").hidden = !list.children.length;
    var names = {md: "dl-md", html: "dl-html", docx: "dl-docx", pdf: "dl-pdf", json: "dl-json"};
    Object.keys(names).forEach(function (fmt) { $(names[fmt]).setAttribute("href", done.downloads[fmt]); });
    $("open-view").setAttribute("href", done.view);
    $("downloads").hidden = false;
    $("copy").disabled = false;
    remember(done.id, a.title.en || a.title.nl);
  }

  // --- recent translations: kept in this browser only ---
  function recentList() {
    try { return JSON.parse(localStorage.getItem(RECENT) || "[]"); } catch (e) { return []; }
  }
  function remember(id, title) {
    var list = recentList().filter(function (r) { return r.id !== id; });
    list.unshift({id: id, title: String(title || "untitled").slice(0, 140), at: new Date().toISOString()});
    try { localStorage.setItem(RECENT, JSON.stringify(list.slice(0, 20))); } catch (e) { /* storage off */ }
    showRecent();
  }
  function showRecent() {
    var ul = $("recent");
    ul.textContent = "";
    var list = recentList();
    $("recent-empty").hidden = list.length > 0;
    list.forEach(function (r) {
      var li = el("li");
      var button = el("button", {type: "button", "class": "linkish"}, r.title);
      button.addEventListener("click", function () { reopen(r.id); });
      li.appendChild(button);
      li.appendChild(el("span", {"class": "src"}, " · " + r.at.slice(0, 16).replace("T", " ")));
      ul.appendChild(li);
    });
  }
  function reopen(id) {
    status("Opening…");
    var headers = apiKey() ? {"X-API-Key": apiKey()} : {};
    fetch("/api/result/" + encodeURIComponent(id), {headers: headers}).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || r.statusText);
        $("result").hidden = false;
        finish(body);
        status("Opened: " + (body.article.title.en || body.article.title.nl));
        $("result").focus();
      });
    }).catch(function (e) { status(e.message, true); });
  }

  // --- sending ---
  function send(event) {
    if (event) event.preventDefault();
    var form = new FormData();
    var file = $("file").files[0];
    var url = $("url").value.trim();
    var text = $("text").value;
    if (file) form.append("file", file);
    else if (url) form.append("url", url);
    else if (text.trim()) form.append("text", text);
    else { status("Paste Dutch text, give a url or choose a file first.", true); $("text").focus(); return; }
    if (apiKey()) form.append("api_key", apiKey());
    $("go").disabled = true;
    status(url && !file ? "Fetching the article…" : "Translating…");
    fetch("/api/article/stream", {method: "POST", body: form}).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) { throw new Error(body.error || response.statusText); },
          function () { throw new Error("HTTP " + response.status); });
      }
      return read(response.body.getReader());
    }).catch(function (e) {
      status(e.message, true);
    }).finally(function () { $("go").disabled = false; });
  }

  function read(reader) {
    var decoder = new TextDecoder();
    var buffer = "";
    var total = 0, got = 0;
    function handle(line) {
      if (!line.trim()) return;
      var ev = JSON.parse(line);
      if (ev.event === "start") {
        layout(ev);
        total = ev.paragraphs.reduce(function (n, p) { return n + p.rows.length; }, 0);
        status("Translating " + total + " sentence" + (total === 1 ? "" : "s") + "…");
      } else if (ev.event === "sentences") {
        fill(ev.rows);
        if (ev.title) $("title-en").textContent = ev.title;
        got += ev.rows.length;
        status("Translated " + Math.min(got, total) + " of " + total + " sentences…");
      } else if (ev.event === "done") {
        finish(ev);
        var a = ev.article;
        status("Done: " + total + " sentences" + (a.to_check ? ", " + a.to_check + " to check" : "") + ".");
        $("result").focus();
      } else if (ev.event === "error") {
        status(ev.error, true);
      }
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { handle(buffer); return; }
        buffer += decoder.decode(chunk.value, {stream: true});
        var lines = buffer.split("\n");
        buffer = lines.pop();
        lines.forEach(handle);
        return pump();
      });
    }
    return pump();
  }

  function copyEnglish() {
    if (!current) return;
    var text = current.english;
    var done = function () { status("English copied."); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var area = el("textarea", {"aria-hidden": "true"}, text);
    area.style.position = "fixed"; area.style.left = "-999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    area.remove();
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("desk-form").addEventListener("submit", send);
    $("text").addEventListener("keydown", function (e) { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send(e); });
    $("copy").addEventListener("click", copyEnglish);
    showRecent();
    fetch("/frontend/settings").then(function (r) { return r.json(); }).then(function (s) {
      if (s.keyRequired) $("key-row").hidden = false;
    }).catch(function () { /* the form still works */ });
  });
})();
