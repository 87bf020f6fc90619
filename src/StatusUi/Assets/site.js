// McpSaas status pages: small progressive additions. Every page works without this file.
(function () {
  "use strict";

  // Copy buttons: revealed only when there is a clipboard to copy to.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  document.body.appendChild(live);
  document.querySelectorAll("button.copy[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        live.textContent = "Copied.";
        button.firstChild.textContent = "Copied";
        setTimeout(function () { button.firstChild.textContent = "Copy"; }, 2000);
      }, function () {
        live.textContent = "Could not copy: select the text and copy it by hand.";
      });
    });
  });

  // Confirm before revoking a key or deleting a secret.
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Live reconcile status on a server page: polled while the page is open, faster while a deploy runs.
  var panel = document.querySelector("[data-status-url]");
  if (!panel) { return; }
  panel.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  var url = panel.getAttribute("data-status-url");
  var badgeClass = { "Ready": "ready", "Deploying": "reconciling", "Reconciling": "reconciling", "Waiting for a secret": "waiting", "Suspended": "suspended" };
  function revision(r) { return !r ? "\u2014" : (/^[0-9a-f]{40}$/i.test(r) ? r.slice(0, 12) : r); }
  function time(t) { return t ? t.replace("T", " ").replace(/\.\d+/, "").replace(/\+00:00$/, "Z") : "never"; }
  function set(name, text) { var el = panel.querySelector('[data-status="' + name + '"]'); if (el && el.textContent !== text) { el.textContent = text; } }
  function render(s) {
    var badge = panel.querySelector('[data-status="badge"]');
    if (badge) {
      var html = '<span class="badge badge-' + (badgeClass[s.label] || "stalled") + '"></span>';
      badge.innerHTML = html;
      badge.firstChild.textContent = s.label;
      if (s.suspended && s.label !== "Suspended") { badge.insertAdjacentHTML("beforeend", ' <span class="badge badge-suspended">Suspended</span>'); }
      if (s.overQuota) { badge.insertAdjacentHTML("beforeend", ' <span class="badge badge-overquota">Over quota</span>'); }
    }
    set("reason", s.reason || "");
    set("revision", revision(s.revision));
    set("observedRevision", revision(s.observedRevision));
    set("lastReconcileAt", time(s.lastReconcileAt));
  }
  var busy = false;
  function poll() {
    if (busy || document.hidden) { return schedule(5000); }
    busy = true;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { busy = false; if (s) { render(s); } schedule(s && (s.deploying || s.state === "reconciling") ? 1000 : 4000); })
      .catch(function () { busy = false; schedule(8000); });
  }
  function schedule(ms) { setTimeout(poll, ms); }
  schedule(1000);
})();
