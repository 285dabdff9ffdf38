// The web chat and the technician's console: one WebSocket, messages as a list, options as
// buttons, photos over HTTP. Each message carries its own id, so a resend is never doubled.
"use strict";
(function () {
  const root = document.querySelector("[data-ws]");
  const list = document.getElementById("messages");
  const status = document.getElementById("connection");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const file = document.getElementById("file");
  const replying = document.getElementById("replying");
  const pending = new Map(); // id -> frame, until the server says it is kept
  let socket = null;
  let replyTo = null;
  let delay = 500;

  // "R1 200" stays on one line: a thousands space is shown as a no-break space.
  const together = (text) => text.replace(/(\d) (?=\d{3}\b)/g, "$1\u00a0");
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).replace(/[^A-Za-z0-9_-]/g, "");

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = () => {
      delay = 500;
      status.textContent = "Connected";
      list.replaceChildren(); // the server sends the history first
      for (const frame of pending.values()) socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (e) => show(JSON.parse(e.data));
    socket.onclose = () => {
      status.textContent = "Reconnecting…";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }

  function send(frame) {
    frame.id = newId();
    // Far inside the server's frame limit, else the socket closes and the page would resend
    // the same frame on every reconnect, for ever (the message box keeps it short already).
    if (new Blob([JSON.stringify(frame)]).size > 60000) {
      status.textContent = "That message is too long to send. Please shorten it.";
      return;
    }
    pending.set(frame.id, frame);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function show(event) {
    if (event.type === "ack") { pending.delete(event.id); return; }
    if (event.type === "error") { pending.delete(event.id); status.textContent = event.text; return; }
    const item = document.createElement("li");
    item.className = "message" + (event.mine ? " mine" : "");
    item.append(withLinks(event.text || ""));
    for (const f of event.files || []) {
      if (!f.url) { const note = document.createElement("div"); note.textContent = "📎 " + f.name; item.append(note); continue; }
      const link = document.createElement("a");
      link.href = f.url;
      link.target = "_blank";
      link.rel = "noopener";
      if ((f.type || "").startsWith("image/")) {
        const img = document.createElement("img");
        img.src = f.url;
        img.alt = f.name;
        img.addEventListener("load", toNewest); // a picture grows its message once loaded
        link.append(img);
      } else {
        link.textContent = f.name;
      }
      item.append(link);
    }
    const options = event.options || [];
    if (options.length || event.replyable) {
      const row = document.createElement("div");
      row.className = "options";
      for (const o of options) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = together(o.label);
        b.addEventListener("click", () => send({ option: o.id, label: o.label }));
        row.append(b);
      }
      if (event.replyable) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = "Reply";
        b.addEventListener("click", () => startReply(event));
        row.append(b);
      }
      item.append(row);
    }
    list.append(item);
    toNewest();
  }

  // The newest message in view: the list scrolls between the page's top and the message box.
  function toNewest() {
    list.scrollTop = list.scrollHeight;
    list.lastElementChild?.scrollIntoView({ block: "nearest" });
  }

  // Text as text; only http(s) addresses become links (the status page, a file).
  function withLinks(text) {
    const block = document.createElement("div");
    for (const [index, part] of text.split(/(https?:\/\/[^\s]+)/).entries()) {
      if (index % 2 === 0) { block.append(together(part)); continue; }
      const link = document.createElement("a");
      link.href = part;
      link.textContent = part;
      link.rel = "noopener";
      block.append(link);
    }
    return block;
  }

  function startReply(event) {
    replyTo = event.ref;
    document.getElementById("replying-to").textContent = "Replying to: " + event.text.split("\n")[0].slice(0, 80);
    replying.hidden = false;
    input.focus();
  }

  function stopReply() {
    replyTo = null;
    if (replying) replying.hidden = true;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send(replyTo ? { text, reply_to: replyTo } : { text });
    input.value = "";
    stopReply();
  });

  file.addEventListener("change", async () => {
    if (!file.files.length) return;
    const body = new FormData();
    body.append("id", newId());
    body.append("caption", input.value.trim());
    body.append("file", file.files[0]);
    status.textContent = "Sending the photo…";
    const answer = await fetch(root.dataset.upload, {
      method: "POST", body, headers: { "X-CSRF-Token": root.dataset.csrf }, credentials: "same-origin",
    });
    status.textContent = answer.ok ? "Photo sent" : "The photo was not sent: " + (await answer.text());
    if (answer.ok) input.value = "";
    file.value = "";
  });

  for (const b of document.querySelectorAll("[data-command]")) {
    b.addEventListener("click", () => send({ text: b.dataset.command }));
  }
  const cancel = document.getElementById("reply-cancel");
  if (cancel) cancel.addEventListener("click", stopReply);
  connect();
})();
