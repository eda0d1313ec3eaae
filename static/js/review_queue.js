/* The review queue: "check every item on this page" and the count of checked items. No inline script:
 * the page marks its parts with data attributes. Without JavaScript each item is checked by hand. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("bulk-form");
    if (!form) { return; }
    var boxes = form.querySelectorAll("input[name=items]");
    var all = form.querySelector("[data-check-all]");
    var count = form.querySelector("[data-checked-count]");

    function refresh() {
      var checked = form.querySelectorAll("input[name=items]:checked").length;
      if (count) { count.textContent = String(checked); }
      if (all) {
        all.checked = checked > 0 && checked === boxes.length;
        all.indeterminate = checked > 0 && checked < boxes.length;
      }
      if (checked > 0) {
        var selected = form.querySelector("input[name=scope][value=selected]");
        if (selected && document.activeElement && document.activeElement.name === "items") { selected.checked = true; }
      }
    }

    if (all) {
      all.addEventListener("change", function () {
        Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
        var selected = form.querySelector("input[name=scope][value=selected]");
        if (selected && all.checked) { selected.checked = true; }
        refresh();
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "items") { refresh(); }
    });
    refresh();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
