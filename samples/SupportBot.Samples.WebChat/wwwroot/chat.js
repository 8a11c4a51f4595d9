// Talks only to this app's backend (/api/chat); the support bot's API key never reaches the browser.
"use strict";

(() => {
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const list = document.getElementById("messages");
  const errorBox = document.getElementById("error");
  let conversationId = null;

  function addMessage(role, text) {
    const item = document.createElement("li");
    item.className = "message " + role;
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text; // never innerHTML: answers are data, not markup
    item.appendChild(body);
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function addSources(item, sources) {
    if (!sources || sources.length === 0) return;
    const wrapper = document.createElement("div");
    wrapper.className = "sources";
    const heading = document.createElement("span");
    heading.className = "sources-label";
    heading.textContent = "Sources:";
    const ul = document.createElement("ul");
    for (const source of sources) {
      const li = document.createElement("li");
      li.textContent = source.title;
      li.dataset.documentId = source.documentId;
      ul.appendChild(li);
    }
    wrapper.append(heading, ul);
    item.appendChild(wrapper);
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function setBusy(busy) {
    send.disabled = busy;
    list.setAttribute("aria-busy", busy ? "true" : "false");
    send.textContent = busy ? "Sending…" : "Send";
  }

  async function ask(message) {
    const response = await fetch("api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ message, conversationId }),
    });
    let body = null;
    try { body = await response.json(); } catch { /* not JSON: handled below */ }
    if (!response.ok) {
      let text = (body && body.error) || "Something went wrong. Please try again.";
      const retryAfter = response.headers.get("Retry-After");
      if (response.status === 429 && retryAfter) text += " (retry in " + retryAfter + " s)";
      if (response.status === 404) conversationId = null; // the conversation ended: the next message starts a new one
      throw new Error(text);
    }
    return body;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) {
      showError("Please type a message.");
      input.focus();
      return;
    }
    showError("");
    addMessage("user", message);
    input.value = "";
    setBusy(true);
    try {
      const reply = await ask(message);
      conversationId = reply.conversationId;
      if (reply.requiresEscalation) {
        const notice = addMessage("bot notice escalation", "Connecting you to a human…");
        notice.setAttribute("role", "status");
      } else {
        const item = addMessage("bot answer", reply.text);
        addSources(item, reply.sources);
      }
    } catch (error) {
      showError(error.message || "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
      input.focus();
    }
  });

  input.focus();
})();
