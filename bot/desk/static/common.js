/* Shared by the desk's pages: the JSON API with the CSRF token, messages, availability,
 * sign-out and the global keyboard shortcuts. Text from customers is only ever put in
 * the page with textContent. */
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function api(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (method !== "GET") {
      options.headers["X-CSRF-Token"] = csrf;
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    return fetch("/desk/api/" + path, options).then(function (response) {
      if (response.status === 401) { location.href = "/desk/login"; throw new Error("not_signed_in"); }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  var toastTimer = null;
  function toast(text, bad) {
    var box = document.getElementById("toast");
    box.textContent = text;
    box.className = "toast" + (bad ? " bad" : "");
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 4000);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function isTyping(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function ago(iso) {
    if (!iso) { return ""; }
    var seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    if (seconds < 60) { return Math.floor(seconds) + " s"; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + " min"; }
    if (seconds < 86400) { return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min"; }
    return Math.floor(seconds / 86400) + " d";
  }

  function when(iso) {
    if (!iso) { return "—"; }
    var d = new Date(iso);
    return d.toLocaleString(undefined, { weekday: "short", day: "2-digit", month: "2-digit", hour: "2-digit",
                                          minute: "2-digit" });
  }

  var availability = document.getElementById("availability");
  function toggleAvailability() {
    var next = availability.getAttribute("aria-pressed") !== "true";
    api("POST", "availability", { available: next }).then(function (data) {
      availability.setAttribute("aria-pressed", data.available ? "true" : "false");
      availability.querySelector(".label").textContent = data.available ? "Available" : "Away";
      toast(data.available ? "You are available: hand-offs come to you." : "You are away: no new hand-offs.");
    }).catch(function (error) { toast("Could not change availability (" + error.message + ").", true); });
  }
  if (availability) { availability.addEventListener("click", toggleAvailability); }

  var signOut = document.getElementById("sign-out");
  if (signOut) {
    signOut.addEventListener("click", function () {
      api("POST", "logout", {}).finally(function () { location.href = "/desk/login"; });
    });
  }

  var help = document.getElementById("help");
  var helpOpen = document.getElementById("help-open");
  function showHelp() { if (help && !help.open) { help.showModal(); } }
  if (helpOpen) { helpOpen.addEventListener("click", showHelp); }

  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isTyping(event)) { event.target.blur(); return; }
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (pendingG) {
      pendingG = false;
      if (event.key === "i") { location.href = "/desk/"; }
      if (event.key === "c") { location.href = "/desk/cases"; }
      return;
    }
    if (event.key === "g") { pendingG = true; setTimeout(function () { pendingG = false; }, 1200); return; }
    if (event.key === "?") { event.preventDefault(); showHelp(); return; }
    if (event.key === "a" && availability) { event.preventDefault(); toggleAvailability(); }
  });

  window.Desk = { api: api, toast: toast, el: el, isTyping: isTyping, ago: ago, when: when, csrf: csrf };
}());
