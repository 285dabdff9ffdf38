// The status page follows its job: the server sends the page's live part when it changes.
"use strict";
(function () {
  const section = document.getElementById("status");
  const events = new EventSource(section.dataset.events);
  events.addEventListener("update", (e) => { section.innerHTML = JSON.parse(e.data); });
  events.addEventListener("gone", (e) => {
    events.close();
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = JSON.parse(e.data);
    section.replaceChildren(p);
  });
})();
