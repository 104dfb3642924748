// Crossroads: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Quick exit: leave at once and replace this page in history, so Back doesn't return here.
  function quickExit(url) {
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
