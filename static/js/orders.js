/* Order page: the reservation countdown. Driven by data- attributes (no inline script, CSP):
 *   data-countdown="ISO-8601"   text becomes the time left ("2d 03:14:05"), or data-expired-text after it */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function render(el) {
    var until = Date.parse(el.getAttribute("data-countdown"));
    if (isNaN(until)) { return; }
    var left = Math.max(0, Math.floor((until - Date.now()) / 1000));
    if (left === 0) {
      el.textContent = el.getAttribute("data-expired-text") || "0";
      el.setAttribute("data-left", "0");
      return;
    }
    var days = Math.floor(left / 86400);
    var rest = left % 86400;
    el.textContent = (days ? days + "d " : "") + pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) +
      ":" + pad(rest % 60);
    el.setAttribute("data-left", String(left));
  }

  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-countdown]"), render);
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    window.setInterval(tick, 1000);
  });
})();
