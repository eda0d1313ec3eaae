/* The rule editor's condition builder. htmx re-renders the rows on every change (the server knows which input
 * each fact needs); this script only keeps the "written with" choice honest before a request leaves: editing a
 * row makes the rows the source, typing JSON makes the JSON the source. No inline script, no on...= handlers:
 * the page marks its parts with data attributes (a Content-Security-Policy without 'unsafe-inline' holds).
 * Without JavaScript the builder still works: its buttons post the form and the server shows it again. */
(function () {
  "use strict";

  function setSource(value) {
    var radio = document.querySelector("input[name=condition_source][value=" + value + "]");
    if (radio) { radio.checked = true; }
  }

  function inBuilder(element) {
    return element && element.closest && element.closest("[data-rule-builder]");
  }

  // capture phase: runs before htmx (listening on the builder) reads the form's values
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (inBuilder(target) && target.name !== "condition_source") { setSource("builder"); }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("button[name=builder_action]");
    if (button && inBuilder(button)) { setSource("builder"); }
  }, true);
  document.addEventListener("input", function (event) {
    if (event.target && event.target.matches && event.target.matches("[data-condition-json]")) { setSource("json"); }
  }, true);
  // the expert's JSON opens when it is the source
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "condition_source" && target.value === "json") {
      var details = document.querySelector("details.expert");
      if (details) { details.open = true; }
    }
  });
})();
