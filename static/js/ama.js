// Crossroads AMA page: live questions, vote counts and answers over Server-Sent Events.
// The page works without this file (reload to see what is new); no inline script needed.
(function () {
  "use strict";
  var list = document.getElementById("questions");
  if (!list || !window.EventSource) { return; }
  var status = document.querySelector(".live-status");
  var sort = list.getAttribute("data-sort");
  var answeredFilter = list.getAttribute("data-answered");
  var open = list.getAttribute("data-open") === "true";
  var csrf = list.getAttribute("data-csrf");
  var back = list.getAttribute("data-back");
  var isHost = list.getAttribute("data-host") === "true";
  var me = list.getAttribute("data-me");

  function say(text) {
    if (!status) { return; }
    status.hidden = false;
    status.textContent = text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function authorNodes(parent, author, extraClass) {
    parent.appendChild(el("span", "author", author.username));
    (author.badges || []).forEach(function (badge) {
      parent.appendChild(document.createTextNode(" "));
      parent.appendChild(el("span", "badge" + (extraClass ? " " + extraClass : ""), badge));
    });
  }

  function when(iso) {
    var t = el("time", "meta", new Date(iso).toUTCString().replace(" GMT", " UTC"));
    t.setAttribute("datetime", iso);
    return t;
  }

  function setVotes(item, count) {
    item.setAttribute("data-votes", String(count));
    var votes = item.querySelector(".votes");
    if (votes) {
      votes.textContent = "";
      votes.appendChild(el("span", "vote-count", String(count)));
      votes.appendChild(document.createTextNode(count === 1 ? " vote" : " votes"));
    }
  }

  // Reordering by votes never moves what someone is using: while focus is inside the list (the
  // host typing an answer, a member on a Vote button) the new order waits until focus leaves it,
  // and only questions whose place changed are moved (a moved node would lose focus and keystrokes).
  var reorderWaiting = false;
  function reorder() {
    if (sort !== "top") { return; }
    var active = document.activeElement;
    if (active && active !== list && list.contains(active)) {
      if (!reorderWaiting) { say("New votes: the order will update when you leave the questions."); }
      reorderWaiting = true;
      return;
    }
    reorderWaiting = false;
    var items = Array.prototype.slice.call(list.children);
    items.sort(function (a, b) {
      var d = Number(b.getAttribute("data-votes")) - Number(a.getAttribute("data-votes"));
      return d !== 0 ? d : Number(a.getAttribute("data-id")) - Number(b.getAttribute("data-id"));
    });
    items.forEach(function (item, i) {
      if (list.children[i] !== item) { list.insertBefore(item, list.children[i] || null); }
    });
  }
  list.addEventListener("focusout", function (event) {
    if (reorderWaiting && !(event.relatedTarget && list.contains(event.relatedTarget))) {
      setTimeout(reorder, 0);
    }
  });

  function answerNode(a) {
    var article = el("article", "ama-answer arrived");
    article.id = "a-" + a.id;
    var header = el("header");
    authorNodes(header, a.author, "host-badge");
    header.appendChild(document.createTextNode(" "));
    header.appendChild(el("span", "badge", "host"));
    header.appendChild(document.createTextNode(" "));
    header.appendChild(when(a.created_at));
    article.appendChild(header);
    var body = el("div", "body");
    body.innerHTML = a.body_html; // sanitised on the server, like every rendered post
    article.appendChild(body);
    return article;
  }

  function postForm(action, className) {
    var form = el("form", className);
    form.method = "post";
    form.action = action;
    [["csrf_token", csrf], ["back", back]].forEach(function (pair) {
      var input = el("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    return form;
  }

  function answerForm(q) {
    // The host answers new questions as they arrive, without reloading.
    var form = postForm("/amas/questions/" + q.id + "/answer", "stack answer-form");
    form.noValidate = true;
    var field = el("div", "field");
    var label = el("label", null, "Answer");
    label.htmlFor = "answer-" + q.id;
    var area = el("textarea");
    area.id = "answer-" + q.id;
    area.name = "body";
    area.rows = 3;
    area.maxLength = 5000;
    area.required = true;
    field.appendChild(label);
    field.appendChild(area);
    form.appendChild(field);
    var button = el("button", null, "Post answer");
    button.type = "submit";
    form.appendChild(button);
    return form;
  }

  function questionNode(q) {
    var item = el("li", "ama-question status-published arrived");
    item.id = "q-" + q.id;
    item.setAttribute("data-id", String(q.id));
    var header = el("header");
    authorNodes(header, q.author);
    header.appendChild(document.createTextNode(" "));
    header.appendChild(when(q.created_at));
    header.appendChild(document.createTextNode(" "));
    header.appendChild(el("span", "votes"));
    item.appendChild(header);
    var body = el("div", "body");
    body.innerHTML = q.body_html;
    item.appendChild(body);
    var footer = el("footer", "actions");
    if (open) {
      var form = postForm("/amas/questions/" + q.id + "/vote", "inline");
      var button = el("button", "link vote-button", "Vote");
      button.type = "submit";
      form.appendChild(button);
      footer.appendChild(form);
    }
    if (q.author.username !== me) {
      var report = el("a", null, "Report");
      report.href = "/amas/questions/" + q.id + "/report";
      footer.appendChild(document.createTextNode(" "));
      footer.appendChild(report);
    }
    if (footer.firstChild) { item.appendChild(footer); }
    item.appendChild(el("div", "answers"));
    if (isHost) { item.appendChild(answerForm(q)); }
    setVotes(item, q.vote_count);
    return item;
  }

  function onQuestion(q) {
    if (document.getElementById("q-" + q.id) || answeredFilter === "true") { return; }
    var empty = document.querySelector(".empty");
    if (empty) { empty.hidden = true; }
    var node = questionNode(q);
    if (sort === "new") { list.insertBefore(node, list.firstChild); } else { list.appendChild(node); reorder(); }
    say("New question from " + q.author.username + ".");
  }

  function onVotes(v) {
    var item = document.getElementById("q-" + v.id);
    if (!item) { return; }
    setVotes(item, v.vote_count);
    reorder();
  }

  function onAnswer(a) {
    var item = document.getElementById("q-" + a.question_id);
    if (!item) { return; }
    if (document.getElementById("a-" + a.id)) { return; }
    if (answeredFilter === "false") { item.parentNode.removeChild(item); return; }
    item.classList.add("answered");
    var answers = item.querySelector(".answers");
    if (!answers) { answers = el("div", "answers"); item.appendChild(answers); }
    answers.appendChild(answerNode(a));
    var label = item.querySelector(".answer-form label");
    if (label) { label.textContent = "Add a follow-up"; }
    say(a.author.username + " answered a question.");
  }

  function onRemoved(r) {
    var item = document.getElementById("q-" + r.id);
    if (item) { item.parentNode.removeChild(item); }
  }

  var handlers = { question: onQuestion, votes: onVotes, answer: onAnswer, question_removed: onRemoved };
  var source = new EventSource(list.getAttribute("data-events"), { withCredentials: true });
  Object.keys(handlers).forEach(function (kind) {
    source.addEventListener(kind, function (event) {
      try { handlers[kind](JSON.parse(event.data)); } catch (e) { /* a malformed event changes nothing */ }
    });
  });
  source.addEventListener("open", function () {
    list.setAttribute("data-live", "true");
    say("Live: new questions, votes and answers appear here as they happen.");
  });
  source.addEventListener("error", function () {
    list.setAttribute("data-live", "false");
    say("Reconnecting… (you can also reload the page)");
  });
  window.addEventListener("pagehide", function () { source.close(); });
}());
