// criteria-nlp review page: hovering or clicking an entity, a threshold row or a logic leaf
// shows its fields in the side panel. Nothing is loaded from the network.
(function () {
  "use strict";
  var filter = document.getElementById("only-errors");
  if (filter) {
    filter.addEventListener("change", function () {
      var clean = document.querySelectorAll("article.criterion.clean");
      for (var i = 0; i < clean.length; i++) { clean[i].hidden = filter.checked; }
    });
  }
  var panel = document.getElementById("details");
  if (!panel) { return; }
  var body = panel.querySelector(".fields");
  var title = panel.querySelector("h3");

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function shown(value) {
    if (value === null || value === undefined) { return "—"; }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  function show(element) {
    var fields;
    try { fields = JSON.parse(element.getAttribute("data-fields")); } catch (e) { return; }
    var active = document.querySelectorAll(".active");
    for (var i = 0; i < active.length; i++) { active[i].classList.remove("active"); }
    // Ids repeat across the documents and the two sides of an evaluation page: look within
    // the element's own side or document section only.
    var scope = element.closest(".side-gold, .side-predicted, section") || document;
    var same = scope.querySelectorAll('[data-id="' + CSS.escape(element.getAttribute("data-id") || "") + '"]');
    for (var j = 0; j < same.length; j++) { same[j].classList.add("active"); }
    title.textContent = element.getAttribute("data-id") || "Details";
    var table = document.createElement("table");
    Object.keys(fields).forEach(function (key) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.textContent = key;
      tr.appendChild(th);
      tr.appendChild(cell(shown(fields[key])));
      table.appendChild(tr);
    });
    body.replaceChildren(table);
  }

  function target(event) {
    var node = event.target;
    while (node && node !== document) {
      if (node.hasAttribute && node.hasAttribute("data-fields")) { return node; }
      if (node.hasAttribute && node.hasAttribute("data-ref")) {
        var within = node.closest("article") || document;
        return within.querySelector('[data-fields][data-id="' + CSS.escape(node.getAttribute("data-ref")) + '"]');
      }
      node = node.parentNode;
    }
    return null;
  }

  ["mouseover", "click", "focusin"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var element = target(event);
      if (element) { show(element); }
    });
  });
})();
