// Progressive enhancement of the server-drawn programme network: choose a programme (a dot) to
// highlight the programmes it is linked to and fade the rest. The page works fully without this;
// the tables below the graph carry the same information.
(function () {
  "use strict";
  var wrap = document.getElementById("pan-network");
  if (!wrap) { return; }
  var svg = wrap.querySelector("svg");
  var status = document.getElementById("pan-network-status");
  if (!svg || !status) { return; }
  var chosen = null;

  function clear() {
    svg.querySelectorAll(".pan_dim").forEach(function (el) { el.classList.remove("pan_dim"); });
    chosen = null;
    status.textContent = "";
  }

  function choose(node) {
    var id = node.getAttribute("data-node");
    if (chosen === id) { clear(); return; }
    clear();
    chosen = id;
    var linked = {};
    linked[id] = true;
    var count = 0;
    svg.querySelectorAll("path[data-source]").forEach(function (path) {
      var source = path.getAttribute("data-source");
      var target = path.getAttribute("data-target");
      if (source === id || target === id) {
        linked[source] = true;
        linked[target] = true;
        count += 1;
      } else {
        path.classList.add("pan_dim");
      }
    });
    svg.querySelectorAll("[data-node]").forEach(function (el) {
      if (!linked[el.getAttribute("data-node")]) { el.classList.add("pan_dim"); }
    });
    status.textContent = (node.getAttribute("data-label") || "Programme") + ": " + count + " link" + (count === 1 ? "" : "s") + " highlighted. Choose it again to show everything.";
  }

  svg.addEventListener("click", function (event) {
    var node = event.target.closest("[data-node]");
    if (node) { choose(node); } else { clear(); }
  });
  svg.classList.add("pan_network--interactive");
  status.hidden = false;
})();
