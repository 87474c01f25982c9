/* The inbox: queue on the left, the open conversation in the middle, its details on the
 * right. Live updates arrive as server-sent events ("queue", "conversation"). Every
 * piece of customer text goes into the page through textContent. */
(function () {
  "use strict";
  var D = window.Desk;
  var el = D.el;
  var me = document.body.getAttribute("data-agent-email");

  var state = { queue: [], filter: "waiting", selected: 0, openId: null, conversation: null, source: null };

  var $ = function (id) { return document.getElementById(id); };
  var list = $("queue-list"), empty = $("queue-empty");
  var convBox = $("conv"), placeholder = $("conv-placeholder");
  var transcriptBox = $("transcript"), composer = $("composer"), textBox = $("composer-text");
  var claimButton = $("claim"), releaseButton = $("release"), sendButton = $("send"), hint = $("composer-hint");
  var statusOptions = $("status-options");
  var CHANNELS = { socketio: "web widget", telegram: "Telegram", rest: "REST" };

  /* ---------- queue ---------- */
  function visible() {
    return state.queue.filter(function (item) {
      if (state.filter === "waiting") { return item.status === "waiting"; }
      if (state.filter === "mine") { return item.claimed_by === me; }
      return true;
    });
  }

  function renderQueue() {
    var items = visible();
    $("count-waiting").textContent = state.queue.filter(function (i) { return i.status === "waiting"; }).length;
    $("count-mine").textContent = state.queue.filter(function (i) { return i.claimed_by === me; }).length;
    $("count-all").textContent = state.queue.length;
    if (state.selected >= items.length) { state.selected = Math.max(0, items.length - 1); }
    list.textContent = "";
    items.forEach(function (item, index) {
      var li = el("li", "queue-item" + (index === state.selected ? " selected" : ""));
      li.tabIndex = index === state.selected ? 0 : -1;
      li.setAttribute("data-conversation", item.conversation_id);
      if (item.conversation_id === state.openId) { li.setAttribute("aria-current", "true"); }
      var top = el("div", "row");
      top.appendChild(el("span", "chip channel", CHANNELS[item.channel] || item.channel));
      top.appendChild(el("span", "chip", (item.language || "").toUpperCase()));
      if (item.level !== null && item.level !== undefined) { top.appendChild(el("span", "chip", "L" + item.level)); }
      top.appendChild(el("span", "chip " + item.status, item.status === "held"
        ? "held by " + (item.claimed_by === me ? "you" : (item.claimed_by_name || item.claimed_by))
        : "waiting #" + item.position));
      var wait = el("span", "wait", D.ago(item.waiting_since));
      wait.setAttribute("data-since", item.waiting_since);
      wait.title = "waiting since " + D.when(item.waiting_since);
      top.appendChild(wait);
      li.appendChild(top);
      var lines = (item.summary || "").split("\n");
      li.appendChild(el("div", "first", lines[0] || "(no summary)"));
      var intents = (item.intents || []).filter(function (n) { return ["affirm", "deny", "greet", "thank", "goodbye", "inform"].indexOf(n) < 0; });
      if (intents.length) { li.appendChild(el("div", "row", intents.join(" · "))); }
      li.addEventListener("click", function () { state.selected = index; open(item.conversation_id); });
      list.appendChild(li);
    });
    empty.hidden = items.length > 0;
    empty.textContent = state.filter === "mine" ? "You hold no conversation." : "Nobody is waiting.";
  }

  function setFilter(filter) {
    state.filter = filter;
    var openIndex = visible().map(function (i) { return i.conversation_id; }).indexOf(state.openId);
    state.selected = Math.max(0, openIndex);
    Array.prototype.forEach.call(document.querySelectorAll(".tabs [role=tab]"), function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-filter") === filter ? "true" : "false");
    });
    renderQueue();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".tabs [role=tab]"), function (tab) {
    tab.addEventListener("click", function () { setFilter(tab.getAttribute("data-filter")); });
  });

  function move(step) {
    var items = visible();
    if (!items.length) { return; }
    state.selected = Math.min(items.length - 1, Math.max(0, state.selected + step));
    renderQueue();
    var current = list.querySelector(".queue-item.selected");
    if (current) { current.focus(); current.scrollIntoView({ block: "nearest" }); }
  }

  setInterval(function () {
    Array.prototype.forEach.call(list.querySelectorAll(".wait[data-since]"), function (node) {
      node.textContent = D.ago(node.getAttribute("data-since"));
    });
  }, 10000);

  /* ---------- one conversation ---------- */
  function renderTranscript(lines) {
    var atBottom = transcriptBox.scrollHeight - transcriptBox.scrollTop - transcriptBox.clientHeight < 40;
    transcriptBox.textContent = "";
    lines.forEach(function (line) {
      var li = el("li", "msg " + line.from);
      var who = line.from === "customer" ? "Customer" : (line.from === "agent" ? (line.agent || "Agent") : "Assistant");
      var meta = el("span", "meta", who + (line.at ? " · " + new Date(line.at).toLocaleTimeString() : ""));
      li.appendChild(meta);
      li.appendChild(document.createTextNode(line.text));
      transcriptBox.appendChild(li);
    });
    if (atBottom || !state.renderedOnce) { transcriptBox.scrollTop = transcriptBox.scrollHeight; }
    state.renderedOnce = true;
  }

  function pairs(target, entries) {
    target.textContent = "";
    entries.forEach(function (entry) {
      target.appendChild(el("dt", "", entry[0]));
      target.appendChild(el("dd", "", entry[1]));
    });
    if (!entries.length) { target.appendChild(el("dd", "muted", "none")); }
  }

  function statusSelect(value) {
    var select = document.createElement("select");
    select.appendChild(statusOptions.content.cloneNode(true));
    select.value = value;
    return select;
  }

  function renderSide(c) {
    $("side-empty").hidden = true;
    $("side").hidden = false;
    $("summary").textContent = c.summary || "";
    pairs($("detected"), [
      ["Channel", CHANNELS[c.channel] || c.channel], ["Language", (c.language || "").toUpperCase()],
      ["Level", c.level === null || c.level === undefined ? "—" : String(c.level)],
      ["Intents", (c.intents || []).join(", ") || "—"],
      ["Articles", (c.articles || []).map(function (a) { return a.title ? a.title + " (" + a.id + ")" : a.id; }).join("; ") || "—"],
      ["Waiting since", D.when(c.waiting_since)]
    ]);
    pairs($("slots"), Object.keys(c.slots || {}).map(function (k) {
      var v = c.slots[k];
      return [k, typeof v === "object" ? JSON.stringify(v) : String(v)];
    }));
    var cases = $("cases");
    cases.textContent = "";
    (c.cases || []).forEach(function (kase) {
      var li = el("li");
      li.appendChild(el("strong", "", kase.id));
      li.appendChild(document.createTextNode(" · L" + kase.level + " " + kase.kind + " · " + kase.subject));
      var row = el("div", "case-row");
      var label = el("label", "sr", "Status of " + kase.id);
      var select = statusSelect(kase.status);
      select.id = "status-" + kase.id;
      label.htmlFor = select.id;
      var save = el("button", "", "Save status");
      save.type = "button";
      save.addEventListener("click", function () {
        D.api("POST", "conversations/" + encodeURIComponent(c.conversation_id) + "/case",
              { case_id: kase.id, status: select.value })
          .then(function () { D.toast(kase.id + " is now " + select.value + "."); refresh(); })
          .catch(function (e) { D.toast("Status not saved (" + e.message + ").", true); });
      });
      row.appendChild(label); row.appendChild(select); row.appendChild(save);
      if (kase.overdue && (kase.overdue.first_response || kase.overdue.resolution)) {
        row.appendChild(el("span", "overdue", "overdue"));
      }
      li.appendChild(row);
      cases.appendChild(li);
    });
    if (!(c.cases || []).length) { cases.appendChild(el("li", "muted", "No case yet.")); }
    var draft = c.case_draft || {};
    if (state.draftFor !== c.conversation_id) {
      state.draftFor = c.conversation_id;
      $("case-kind").value = draft.kind || "ticket";
      $("case-email").value = draft.email || "";
      $("case-category").value = draft.category || "other";
      $("case-priority").value = draft.priority || "normal";
      $("case-contract").value = draft.contract_id || "";
      $("case-description").value = draft.description || "";
    }
    var notes = $("notes");
    notes.textContent = "";
    (c.notes || []).forEach(function (note) {
      var li = el("li");
      li.appendChild(el("span", "meta", note.agent + " · " + D.when(note.at)));
      li.appendChild(document.createTextNode(note.text));
      notes.appendChild(li);
    });
    if (!(c.notes || []).length) { notes.appendChild(el("li", "muted", "No notes.")); }
  }

  function renderConversation(c) {
    state.conversation = c;
    placeholder.hidden = true;
    convBox.hidden = false;
    $("conv-title").textContent = (CHANNELS[c.channel] || c.channel) + " · " + c.conversation_id;
    var badge = $("conv-status");
    var holder = c.claimed_by === me ? "you" : (c.claimed_by_name || c.claimed_by);
    badge.textContent = c.status === "held" ? "held by " + holder : c.status;
    badge.className = "badge " + c.status;
    var mine = c.status === "held" && c.claimed_by === me;
    claimButton.disabled = c.status !== "waiting";
    releaseButton.disabled = !mine;
    var mode = composer.getAttribute("data-mode");
    sendButton.disabled = mode === "reply" && !mine;
    hint.textContent = mode === "note" ? "Only agents see notes."
      : (mine ? "The customer reads this on their channel." : (c.status === "waiting" ? "Claim the conversation to reply." : "Only the agent who holds it can reply."));
    renderTranscript(c.transcript || []);
    renderSide(c);
  }

  function refresh() {
    if (!state.openId) { return Promise.resolve(); }
    var id = state.openId;
    return D.api("GET", "conversations/" + encodeURIComponent(id)).then(function (c) {
      if (state.openId === id) { renderConversation(c); }
    }).catch(function (e) { D.toast("Could not load the conversation (" + e.message + ").", true); });
  }

  function open(id) {
    if (state.openId !== id) { state.renderedOnce = false; }
    state.openId = id;
    history.replaceState(null, "", "#c=" + encodeURIComponent(id));
    renderQueue();
    connect();
    return refresh();
  }

  /* ---------- actions ---------- */
  function claim() {
    if (!state.openId || claimButton.disabled) { return; }
    D.api("POST", "conversations/" + encodeURIComponent(state.openId) + "/claim", {})
      .then(function () {
        D.toast("It is yours: the customer was told a person joined.");
        setFilter("mine");
        return refresh();
      })
      .then(function () { setMode("reply"); textBox.focus(); })
      .catch(function (e) {
        D.toast(e.status === 409 ? "Another agent took it first." : "Could not claim (" + e.message + ").", true);
        refresh();
      });
  }

  function release() {
    if (!state.openId || releaseButton.disabled) { return; }
    D.api("POST", "conversations/" + encodeURIComponent(state.openId) + "/release", {})
      .then(function () { D.toast("Released: the assistant answers the customer again."); refresh(); })
      .catch(function (e) { D.toast("Could not release (" + e.message + ").", true); });
  }

  function setMode(mode) {
    composer.setAttribute("data-mode", mode);
    composer.querySelector("input[value=" + mode + "]").checked = true;
    textBox.placeholder = mode === "note" ? "Internal note for the team…" : "Reply to the customer…";
    if (state.conversation) { renderConversation(state.conversation); }
  }
  Array.prototype.forEach.call(composer.querySelectorAll("input[name=mode]"), function (radio) {
    radio.addEventListener("change", function () { setMode(radio.value); });
  });

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textBox.value.trim();
    if (!text || !state.openId || sendButton.disabled) { return; }
    var note = composer.getAttribute("data-mode") === "note";
    var path = "conversations/" + encodeURIComponent(state.openId) + (note ? "/notes" : "/reply");
    sendButton.disabled = true;
    D.api("POST", path, { text: text }).then(function () {
      textBox.value = "";
      if (note) { D.toast("Note saved."); }
      return refresh();
    }).catch(function (e) {
      D.toast((note ? "Note" : "Reply") + " not sent (" + e.message + ").", true);
    }).finally(function () { if (state.conversation) { renderConversation(state.conversation); } });
  });
  textBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); composer.requestSubmit(); }
  });

  $("case-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!state.openId) { return; }
    var form = event.target;
    var body = { kind: form.kind.value, email: form.email.value, category: form.category.value,
                 priority: form.priority.value, contract_id: form.contract_id.value, description: form.description.value };
    D.api("POST", "conversations/" + encodeURIComponent(state.openId) + "/case", body).then(function (kase) {
      D.toast("Opened " + kase.id + ".");
      $("case-details").open = false;
      refresh();
    }).catch(function (e) { D.toast("Case not opened (" + e.message + ").", true); });
  });

  claimButton.addEventListener("click", claim);
  releaseButton.addEventListener("click", release);

  /* ---------- live updates ---------- */
  function connect() {
    if (state.source) { state.source.close(); }
    var url = "/desk/api/events" + (state.openId ? "?conversation=" + encodeURIComponent(state.openId) : "");
    var source = new EventSource(url);
    state.source = source;
    source.addEventListener("open", function () { $("live").className = "live on"; });
    source.addEventListener("error", function () { $("live").className = "live"; });
    source.addEventListener("queue", function (event) {
      state.queue = JSON.parse(event.data);
      renderQueue();
      var open = state.queue.filter(function (i) { return i.conversation_id === state.openId; })[0];
      if (state.conversation && open && (open.status !== state.conversation.status || open.claimed_by !== state.conversation.claimed_by)) {
        refresh();
      } else if (state.conversation && !open && ["waiting", "held"].indexOf(state.conversation.status) >= 0) {
        refresh();
      }
    });
    source.addEventListener("conversation", function (event) {
      var data = JSON.parse(event.data);
      if (data.conversation_id !== state.openId || !state.conversation) { return; }
      state.conversation.transcript = data.transcript;
      renderTranscript(data.transcript);
    });
  }

  /* ---------- keyboard ---------- */
  document.addEventListener("keydown", function (event) {
    if (D.isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (key === "k" || key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (key === "Enter" || key === "o") {
      var item = visible()[state.selected];
      var onItem = event.target && event.target.classList && event.target.classList.contains("queue-item");
      if (item && (key === "o" || onItem || event.target === document.body)) {
        event.preventDefault(); open(item.conversation_id);
      }
    }
    else if (key === "1") { setFilter("waiting"); }
    else if (key === "2") { setFilter("mine"); }
    else if (key === "3") { setFilter("all"); }
    else if (key === "c") { event.preventDefault(); claim(); }
    else if (key === "e") { event.preventDefault(); release(); }
    else if (key === "r" && state.conversation) { event.preventDefault(); setMode("reply"); textBox.focus(); }
    else if (key === "n" && state.conversation) { event.preventDefault(); setMode("note"); textBox.focus(); }
  });

  /* A link to /desk/#c=ID opens that conversation (also when only the hash changes). */
  function fromHash() {
    var match = /^#c=(.+)$/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }
  window.addEventListener("hashchange", function () {
    var id = fromHash();
    if (id && id !== state.openId) { open(id); }
  });
  setMode("reply");
  if (fromHash()) { open(fromHash()); } else { connect(); }
}());
