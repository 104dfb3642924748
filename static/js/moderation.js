// Moderation queue: j/k move between items, Enter opens (links work without this file).
(function () {
  "use strict";
  var list = document.getElementById("queue");
  if (!list) { return; }
  var links = list.querySelectorAll("li > a.title");
  if (!links.length) { return; }
  var index = -1;
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j") { index = Math.min(index + 1, links.length - 1); }
    else if (event.key === "k") { index = Math.max(index - 1, 0); }
    else { return; }
    event.preventDefault();
    links[index].focus();
  });
})();
