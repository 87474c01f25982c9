/* Open cases: filter by level and status, change a status, overdue due times marked.
 * j/k move between rows, s focuses the selected row's status, f the filters. */
(function () {
  "use strict";
  var D = window.Desk;
  var el = D.el;
  var body = document.getElementById("cases-body");
  var level = document.getElementById("filter-level");
  var status = document.getElementById("filter-status");
  var options = document.getElementById("status-options");
  var state = { cases: [], selected: 0 };

  function due(cell, iso, late) {
    cell.appendChild(document.createTextNode(D.when(iso)));
    if (late) { cell.appendChild(el("span", "overdue", "overdue")); }
  }

  function render() {
    body.textContent = "";
    state.cases.forEach(function (kase, index) {
      var late = kase.overdue.first_response || kase.overdue.resolution;
      var tr = el("tr", (index === state.selected ? "selected" : "") + (late ? " is-overdue" : ""));
      tr.setAttribute("data-case", kase.id);
      tr.appendChild(el("td", "", kase.id));
      tr.appendChild(el("td", "", "L" + kase.level + " " + kase.kind));
      tr.appendChild(el("td", "subject", kase.subject));
      tr.appendChild(el("td", "", kase.email || kase.requester_name || "—"));
      tr.appendChild(el("td", "", kase.priority));
      var first = el("td"); due(first, kase.first_response_due, kase.overdue.first_response); tr.appendChild(first);
      var resolution = el("td"); due(resolution, kase.resolution_due, kase.overdue.resolution); tr.appendChild(resolution);
      var cell = el("td");
      var select = document.createElement("select");
      select.appendChild(options.content.cloneNode(true));
      select.value = kase.status;
      select.setAttribute("aria-label", "Status of " + kase.id);
      select.addEventListener("change", function () {
        D.api("POST", "cases/" + encodeURIComponent(kase.id) + "/status", { status: select.value })
          .then(function () { D.toast(kase.id + " is now " + select.value + "."); load(); })
          .catch(function (e) { D.toast("Status not saved (" + e.message + ").", true); select.value = kase.status; });
      });
      cell.appendChild(select);
      tr.appendChild(cell);
      tr.addEventListener("click", function () { state.selected = index; mark(); });
      body.appendChild(tr);
    });
    document.getElementById("cases-empty").hidden = state.cases.length > 0;
    document.getElementById("cases-count").textContent = state.cases.length + " case(s)";
  }

  function mark() {
    Array.prototype.forEach.call(body.children, function (row, index) {
      row.classList.toggle("selected", index === state.selected);
    });
  }

  function load() {
    var query = [];
    if (level.value) { query.push("level=" + encodeURIComponent(level.value)); }
    if (status.value) { query.push("status=" + encodeURIComponent(status.value)); }
    return D.api("GET", "cases" + (query.length ? "?" + query.join("&") : "")).then(function (cases) {
      state.cases = cases;
      state.selected = Math.min(state.selected, Math.max(0, cases.length - 1));
      render();
    }).catch(function (e) { D.toast("Could not load the cases (" + e.message + ").", true); });
  }

  level.addEventListener("change", load);
  status.addEventListener("change", load);
  document.addEventListener("keydown", function (event) {
    if (D.isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      state.selected = Math.min(state.cases.length - 1, Math.max(0, state.selected + (event.key === "j" ? 1 : -1)));
      mark();
      var row = body.children[state.selected];
      if (row) { row.scrollIntoView({ block: "nearest" }); }
    } else if (event.key === "s") {
      var current = body.children[state.selected];
      if (current) { event.preventDefault(); current.querySelector("select").focus(); }
    } else if (event.key === "f") {
      event.preventDefault(); level.focus();
    }
  });
  load();
  setInterval(load, 30000);
}());
