/* Page behaviour without inline scripts or handlers (the Content-Security-Policy forbids them).
 * Elements opt in with data- attributes:
 *   data-autosubmit          a select that submits its form when changed (language, currency)
 *   data-select-all="NAME"   a checkbox that ticks every checkbox named NAME (my stock)
 *   data-fold-below="PX"     a <details> closed on screens narrower than PX (catalog filters)
 *   data-gallery="ID"        thumbnails whose data-web URL becomes the src of the image #ID
 *   data-ports-for="ID"      a port select refilled from its form's data-ports-url when the country
 *                            select #ID changes (buyer registration), in the groups the answer gives */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
    if (target.form && target.form.getAttribute("data-ports-url")) {
      var ports = target.form.querySelector("select[data-ports-for='" + target.id + "']");
      if (ports) { fillPorts(ports, target.form.getAttribute("data-ports-url"), target.value); }
    }
  });

  function fillPorts(select, url, country) {
    fetch(url + "?country=" + encodeURIComponent(country), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {ports: []}; })
      .then(function (data) {
        Array.prototype.slice.call(select.children, 1).forEach(function (child) { select.removeChild(child); });
        (data.groups || [{label: "", ports: data.ports}]).forEach(function (group) {
          var parent = select;
          if (group.label) {
            parent = document.createElement("optgroup");
            parent.label = group.label;
            select.appendChild(parent);
          }
          group.ports.forEach(function (port) { parent.appendChild(new Option(port.label, port.code)); });
        });
      });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.matches) { return; }
    if (target.matches("input[type=checkbox][data-select-all]")) {
      var name = target.getAttribute("data-select-all");
      var scope = target.form || document;
      Array.prototype.forEach.call(scope.querySelectorAll("input[type=checkbox]"), function (box) {
        if (box.name === name) { box.checked = target.checked; }
      });
    }
    var gallery = target.closest && target.closest("[data-gallery]");
    if (gallery && target.matches("img[data-web]")) {
      var main = document.getElementById(gallery.getAttribute("data-gallery"));
      if (main) { main.src = target.getAttribute("data-web"); }
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.matches && target.matches("[data-gallery] img[data-web]")) {
      event.preventDefault();
      target.click();
    }
  });

  function foldDetails() {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-below]"), function (details) {
      if (window.innerWidth < parseInt(details.getAttribute("data-fold-below"), 10)) {
        details.removeAttribute("open");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", foldDetails);
  } else {
    foldDetails();
  }
}());
