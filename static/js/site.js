// Crossroads: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Drafts live on the server, never in this browser's storage (a spouse at the same computer can read that).
  var draftForms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft-key]"));
  function draftData(form) {
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title]");
    var token = form.querySelector("input[name=csrf_token]");
    if (!body || !token) { return null; }
    var data = new FormData();
    data.append("csrf_token", token.value);
    data.append("key", form.getAttribute("data-draft-key"));
    data.append("body", body.value);
    if (title) { data.append("title", title.value); }
    return data;
  }
  draftForms.forEach(function (form) {
    var status = form.querySelector("[data-draft-status]");
    var timer = null;
    var dirty = false;
    var posting = false;
    form.addEventListener("submit", function () { posting = true; });
    form.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = draftData(form);
        if (!data || posting) { return; }
        fetch("/drafts/save", { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) {
            if (r.ok) { dirty = false; if (status) { status.textContent = "Draft saved on the server."; } }
          })
          .catch(function () { /* the Save draft button still works */ });
      }, 4000);
    });
    // Quick exit's last save; with endSession the same beacon also signs out (one request, so
    // the sign-out can't overtake the save). Returns whether it sent anything.
    form.saveDraftNow = function (endSession) {
      if (!dirty || posting || !navigator.sendBeacon) { return false; }
      var data = draftData(form);
      if (!data) { return false; }
      if (endSession) { data.append("end_session", "1"); }
      navigator.sendBeacon("/drafts/save", data);
      dirty = false;
      return true;
    };
  });

  // Quote: with text selected inside a post, its Quote link quotes just that passage.
  var replyBody = document.querySelector("#reply-form textarea[name=body]");
  Array.prototype.forEach.call(document.querySelectorAll("a.quote-link"), function (link) {
    link.addEventListener("click", function (event) {
      if (!replyBody) { return; }
      var selection = window.getSelection ? String(window.getSelection()) : "";
      var article = document.getElementById("post-" + link.getAttribute("data-post"));
      var anchor = window.getSelection && window.getSelection().anchorNode;
      if (!selection.trim() || !article || !anchor || !article.contains(anchor)) { return; }
      event.preventDefault();
      var quoted = selection.trim().split("\n").map(function (line) { return line.trim() ? "> " + line : ">"; }).join("\n");
      var text = quoted + "\n>\n> — @" + link.getAttribute("data-author") + ", [in this post](/p/" + link.getAttribute("data-post") + ")\n\n";
      replyBody.value = (replyBody.value.trim() ? replyBody.value.replace(/\s+$/, "") + "\n\n" : "") + text;
      replyBody.dispatchEvent(new Event("input", { bubbles: true }));
      replyBody.focus();
    });
  });

  // Quick exit: keep what is being written (on the server), then leave at once and replace this
  // page in history, so Back doesn't return here.
  // The session ends on the server too, without waiting for an answer: a beacon to the
  // CSRF-protected sign-out (the token comes from the page's own Sign out form).
  function endSession() {
    var token = document.querySelector('form[action="/logout"] input[name=csrf_token]');
    if (!token || !navigator.sendBeacon) { return; }
    var data = new FormData();
    data.append("csrf_token", token.value);
    navigator.sendBeacon("/logout", data);
  }
  function quickExit(url) {
    var ended = false;
    draftForms.forEach(function (form) {
      try { if (form.saveDraftNow(!ended)) { ended = true; } } catch (e) { /* leave anyway */ }
    });
    if (!ended) { try { endSession(); } catch (e) { /* leave anyway */ } }
    try { document.body.style.display = "none"; } catch (e) { /* ignore */ }
    window.location.replace(url);
  }
  var exit = document.getElementById("quick-exit");
  if (exit) {
    var url = exit.getAttribute("data-exit-url") || exit.href;
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(url);
    });
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - lastEscape < 800) { quickExit(url); }
      lastEscape = now;
    });
  }

  // Draft screen: before posting, show crisis lines or a privacy warning for what is typed.
  var forms = document.querySelectorAll("form[data-preview]");
  Array.prototype.forEach.call(forms, function (form) {
    var body = form.querySelector("textarea[name=body]");
    var box = form.querySelector(".draft-screen");
    var token = form.querySelector("input[name=csrf_token]");
    if (!body || !box || !token) { return; }
    var timer = null;
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = new FormData();
        data.append("csrf_token", token.value);
        data.append("body", body.value);
        fetch(form.getAttribute("data-preview"), { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (result) { showScreen(box, result); })
          .catch(function () { /* preview is a courtesy; posting still works */ });
      }, 700);
    });
  });

  // Times in the member's own zone: until they choose one, take the browser's (once).
  var guess = document.body.getAttribute("data-guess-time-zone");
  if (guess && window.Intl && Intl.DateTimeFormat) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      var tz = new FormData();
      tz.append("csrf_token", guess);
      tz.append("form", "timezone");
      tz.append("auto", "1");
      tz.append("time_zone", zone);
      fetch("/account", { method: "POST", body: tz, credentials: "same-origin", redirect: "manual" })
        .catch(function () { /* times stay in UTC until the member chooses */ });
    }
  }

  // Live unread count in the header (the page shows the count at load without this).
  var noticesLink = document.getElementById("notices-link");
  var unreadBadge = document.getElementById("unread-count");
  if (noticesLink && unreadBadge && window.EventSource) {
    var source = new EventSource(noticesLink.getAttribute("data-live"));
    source.addEventListener("unread", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      var n = data.unread_count || 0;
      unreadBadge.firstChild.nodeValue = String(n);
      unreadBadge.hidden = n === 0;
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function showScreen(box, result) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!result || !result.notes || result.notes.length === 0) { box.hidden = true; return; }
    result.notes.forEach(function (note) {
      var p = document.createElement("p");
      p.textContent = note;
      box.appendChild(p);
    });
    if (result.crisis_resources && result.crisis_resources.length) {
      var ul = document.createElement("ul");
      result.crisis_resources.forEach(function (line) {
        var li = document.createElement("li");
        var strong = document.createElement("strong");
        strong.textContent = line.title;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(" — " + line.description));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.hidden = false;
  }
})();
