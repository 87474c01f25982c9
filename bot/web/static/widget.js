/*
 * Support chat widget. Embed with one tag:
 *   <script src="https://YOUR-HOST/widget.js" data-server="https://YOUR-RASA-HOST" defer></script>
 *
 * Talks to Rasa's socket.io channel with session persistence; keeps the conversation in
 * localStorage so a reload shows it again. All text is put in the page as text nodes
 * (never as HTML), links are made from http(s) URLs only.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var assetBase = new URL(script.src, location.href).origin;
  var server = script.getAttribute("data-server") || (location.protocol + "//" + location.hostname + ":5005");
  var storageKey = "supportWidget:" + server;
  var language = (navigator.language || "es").toLowerCase().indexOf("en") === 0 ? "en" : "es";
  var STRINGS = {
    es: {
      open: "Abrir el chat de soporte", close: "Cerrar el chat", title: "Soporte PaperOffice",
      input: "Escribe tu mensaje", send: "Enviar", typing: "El asistente está escribiendo…",
      offline: "Sin conexión con el servidor. Reintentando…", online: "Conectado",
      you: "Tú", bot: "Asistente", agent: "Agente",
      waiting: "Esperando a un agente…", joined: "Un agente se ha unido a la conversación.",
      ended: "El agente ha salido; vuelves a hablar con el asistente.",
      unavailable: "Ahora no hay agentes conectados.", log: "Conversación"
    },
    en: {
      open: "Open the support chat", close: "Close the chat", title: "PaperOffice support",
      input: "Type your message", send: "Send", typing: "The assistant is typing…",
      offline: "No connection to the server. Retrying…", online: "Connected",
      you: "You", bot: "Assistant", agent: "Agent",
      waiting: "Waiting for an agent…", joined: "An agent has joined the conversation.",
      ended: "The agent has left; you are talking to the assistant again.",
      unavailable: "No agent is online right now.", log: "Conversation"
    }
  };
  var t = STRINGS[language];

  var CSS = [
    ".sw-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;",
    "background:#1f5fbf;color:#fff;font:600 15px/1 system-ui,sans-serif;padding:16px 20px;cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".sw-launcher:focus-visible,.sw-panel button:focus-visible,.sw-panel textarea:focus-visible{outline:3px solid #ffb000;outline-offset:2px}",
    ".sw-panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:370px;max-width:calc(100vw - 24px);",
    "height:560px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;color:#1d1d1f;",
    "border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);font:15px/1.4 system-ui,sans-serif;overflow:hidden}",
    ".sw-panel[hidden]{display:none}",
    ".sw-header{display:flex;align-items:center;gap:8px;background:#1f5fbf;color:#fff;padding:10px 12px}",
    ".sw-header h2{font-size:16px;margin:0;flex:1}",
    ".sw-status{font-size:12px;opacity:.9}",
    ".sw-close{background:transparent;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}",
    ".sw-banner{background:#fff3cd;color:#5c4400;padding:6px 12px;font-size:13px}",
    ".sw-banner[hidden]{display:none}",
    ".sw-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;margin:0;list-style:none}",
    ".sw-msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".sw-user{align-self:flex-end;background:#1f5fbf;color:#fff}",
    ".sw-bot{align-self:flex-start;background:#eef1f6}",
    ".sw-agent{align-self:flex-start;background:#e3f1e6;border-left:3px solid #1a7f37}",
    ".sw-system{align-self:center;background:transparent;color:#555;font-size:13px;font-style:italic}",
    ".sw-msg a{color:inherit;text-decoration:underline}",
    ".sw-buttons{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}",
    ".sw-buttons button{border:1px solid #1f5fbf;background:#fff;color:#1f5fbf;border-radius:16px;padding:6px 12px;cursor:pointer;font:inherit}",
    ".sw-buttons button:disabled{opacity:.5;cursor:default}",
    ".sw-typing{padding:0 12px 6px;font-size:13px;color:#555}",
    ".sw-typing[hidden]{display:none}",
    ".sw-form{display:flex;gap:8px;border-top:1px solid #ddd;padding:8px}",
    ".sw-form textarea{flex:1;resize:none;border:1px solid #bbb;border-radius:8px;padding:8px;font:inherit;height:42px}",
    ".sw-form button{border:0;border-radius:8px;background:#1f5fbf;color:#fff;padding:0 14px;font:inherit;cursor:pointer}",
    ".sw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    "@media (max-width:480px){.sw-panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;max-height:100vh;border-radius:0}}"
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Text as DOM nodes: **bold** becomes <strong>, http(s) URLs become links, the rest text. */
  function appendRichText(parent, text) {
    var pattern = /(\*\*[^*]+\*\*|https?:\/\/[^\s<>"]+)/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) { parent.appendChild(document.createTextNode(text.slice(last, match.index))); }
      var token = match[0];
      if (token.indexOf("**") === 0) {
        parent.appendChild(el("strong", {}, token.slice(2, -2)));
      } else {
        var url = token.replace(/[.,;:)]+$/, "");
        var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
        parent.appendChild(link);
        if (url.length < token.length) { parent.appendChild(document.createTextNode(token.slice(url.length))); }
      }
      last = match.index + token.length;
    }
    if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; }
  }
  var state = load();
  state.messages = state.messages || [];
  function save() {
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* private mode: keep in memory */ }
  }

  var style = el("style", {}, CSS);
  var launcher = el("button", { type: "button", "class": "sw-launcher", "aria-label": t.open,
                                "aria-expanded": "false", "aria-controls": "sw-panel" }, t.title);
  var panel = el("section", { id: "sw-panel", "class": "sw-panel", role: "dialog", "aria-label": t.title });
  panel.hidden = true;
  var header = el("div", { "class": "sw-header" });
  var title = el("h2", {}, t.title);
  var status = el("span", { "class": "sw-status", role: "status", "aria-live": "polite" }, "");
  var closeButton = el("button", { type: "button", "class": "sw-close", "aria-label": t.close }, "×");
  header.appendChild(title);
  header.appendChild(status);
  header.appendChild(closeButton);
  var banner = el("div", { "class": "sw-banner", role: "alert" });
  banner.hidden = true;
  var log = el("ol", { "class": "sw-log", role: "log", "aria-live": "polite", "aria-label": t.log });
  var typing = el("div", { "class": "sw-typing", "aria-live": "polite" }, t.typing);
  typing.hidden = true;
  var form = el("form", { "class": "sw-form" });
  var inputId = "sw-input";
  var label = el("label", { "for": inputId, "class": "sw-sr" }, t.input);
  var input = el("textarea", { id: inputId, rows: "1", placeholder: t.input, maxlength: "5000" });
  var sendButton = el("button", { type: "submit", "aria-label": t.send }, t.send);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  [header, banner, log, typing, form].forEach(function (part) { panel.appendChild(part); });

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function renderMessage(message) {
    var item = el("li", { "class": "sw-msg sw-" + message.from });
    var who = message.from === "user" ? t.you : (message.from === "agent" ? t.agent : t.bot);
    if (message.from !== "system") { item.appendChild(el("span", { "class": "sw-sr" }, who + ": ")); }
    appendRichText(item, message.text || "");
    log.appendChild(item);
    if (message.buttons && message.buttons.length) {
      var group = el("li", { "class": "sw-buttons", role: "group" });
      message.buttons.forEach(function (button) {
        var b = el("button", { type: "button" }, button.title);
        b.disabled = !!message.answered;
        b.addEventListener("click", function () {
          message.answered = true;
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
          send(button.payload, button.title);
        });
        group.appendChild(b);
      });
      log.appendChild(group);
    }
    scrollDown();
  }

  function addMessage(message) {
    state.messages.push(message);
    state.messages = state.messages.slice(-200);
    save();
    renderMessage(message);
  }

  var typingTimer = null;
  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, 20000); }
  }

  var socket = null;
  var ready = false;   /* true once the server confirmed the session */
  var pending = [];    /* messages typed before that, sent on confirmation */
  function emit(text) {
    if (socket && ready) {
      socket.emit("user_uttered", { message: text, session_id: state.sessionId });
    } else {
      pending.push(text);
    }
  }
  function send(payload, shown) {
    var text = (payload || "").trim();
    if (!text) { return; }
    addMessage({ from: "user", text: shown || text });
    showTyping(!withPerson());   /* while a person has the conversation the bot stays silent */
    emit(text);
  }

  var HANDOFF = { waiting: t.waiting, joined: t.joined, released: t.ended, ended: t.ended, unavailable: t.unavailable };
  /* Hand-off state: "waiting" for a person, "joined" (a person writes), otherwise the bot. */
  function withPerson() { return state.handoff === "waiting" || state.handoff === "joined"; }
  function showHandoffStatus() {
    status.textContent = state.handoff === "joined" ? t.agent : (state.handoff === "waiting" ? t.waiting : t.online);
  }
  function receive(message) {
    showTyping(false);
    if (message && message.handoff && HANDOFF[message.handoff]) {
      state.handoff = message.handoff === "ended" ? "released" : message.handoff;
      save();
      showHandoffStatus();
      addMessage({ from: "system", text: HANDOFF[message.handoff] });
      return;
    }
    var buttons = (message.quick_replies || message.buttons || []).map(function (b) {
      return { title: String(b.title), payload: String(b.payload) };
    });
    if (message.text || buttons.length) {
      var fromAgent = message.sender === "agent" || state.handoff === "joined";
      addMessage({ from: fromAgent ? "agent" : "bot", text: String(message.text || ""), buttons: buttons });
    }
  }

  function setOffline(offline) {
    banner.textContent = offline ? t.offline : "";
    banner.hidden = !offline;
    if (offline) { status.textContent = ""; } else { showHandoffStatus(); }
    sendButton.disabled = offline;
  }

  function connect() {
    if (typeof window.io !== "function") { setOffline(true); return; }
    socket = window.io(server, { transports: ["websocket", "polling"], reconnection: true,
                                 reconnectionDelay: 1000, reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId || null });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = (sessionId && sessionId.session_id) || sessionId;
      save();
      ready = true;
      setOffline(false);
      pending.splice(0).forEach(emit);
    });
    socket.on("bot_uttered", receive);
    socket.on("disconnect", function () { ready = false; setOffline(true); showTyping(false); });
    socket.on("connect_error", function () { ready = false; setOffline(true); showTyping(false); });
  }

  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    if (focus) { input.focus(); }
    scrollDown();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { open(true); } else { close(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  function start() {
    document.head.appendChild(style);
    document.body.appendChild(launcher);
    document.body.appendChild(panel);
    state.messages.forEach(renderMessage);
    if (state.open) { open(false); }
    var loader = el("script", { src: assetBase + "/vendor/socket.io.min.js" });
    loader.onload = connect;
    loader.onerror = function () { setOffline(true); };
    document.head.appendChild(loader);
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
}());
