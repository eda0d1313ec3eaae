/* Photo upload with a progress bar (XMLHttpRequest upload events; no build step, no CDN).
 * Works on the form rendered by templates/inventory/_photos.html: choosing files uploads them at once,
 * then the server's answer (the same partial) replaces the photo grid, which htmx keeps polling while
 * photos are processing. Without JavaScript the form simply posts and the page reloads. */
(function () {
  "use strict";

  function replaceGrid(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("photo-grid");
    var current = document.getElementById("photo-grid");
    if (!fresh || !current) { return false; }
    fresh = document.importNode(fresh, true);
    current.replaceWith(fresh);
    if (window.htmx) { window.htmx.process(fresh); }
    return true;
  }

  function upload(form, files) {
    if (!files.length) { return; }
    var status = form.querySelector("[data-photo-status]");
    var bar = form.querySelector("[data-photo-progress]");
    var message = form.querySelector("[data-photo-message]");
    var inputs = form.querySelectorAll("input[type=file]");
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
    var data = new FormData();
    if (csrf) { data.append("csrfmiddlewaretoken", csrf.value); }
    Array.prototype.forEach.call(files, function (file) { data.append("images", file, file.name); });

    function done(ok) {
      Array.prototype.forEach.call(inputs, function (input) { input.disabled = false; input.value = ""; });
      if (ok) { status.hidden = true; } else { message.textContent = form.dataset.msgFailed; }
    }

    Array.prototype.forEach.call(inputs, function (input) { input.disabled = true; });
    status.hidden = false;
    bar.value = 0;
    message.textContent = form.dataset.msgUploading;

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("HX-Request", "true");  // the server answers with the partial, not a redirect
    if (csrf) { xhr.setRequestHeader("X-CSRFToken", csrf.value); }
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var percent = Math.round((event.loaded / event.total) * 100);
      bar.value = percent;
      message.textContent = form.dataset.msgUploading + " " + percent + "%";
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      message.textContent = form.dataset.msgSaving;
    });
    xhr.addEventListener("load", function () {
      done(xhr.status >= 200 && xhr.status < 300 && replaceGrid(xhr.responseText));
    });
    xhr.addEventListener("error", function () { done(false); });
    xhr.addEventListener("abort", function () { done(false); });
    xhr.send(data);
  }

  function init(root) {
    var forms = (root || document).querySelectorAll("form[data-photo-upload]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.photoReady) { return; }
      form.dataset.photoReady = "1";
      var submit = form.querySelector("[data-photo-submit]");
      if (submit) { submit.hidden = true; }  // choosing files uploads them straight away
      form.querySelectorAll("input[type=file]").forEach(function (input) {
        input.addEventListener("change", function () { upload(form, input.files); });
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var files = [];
        form.querySelectorAll("input[type=file]").forEach(function (input) {
          Array.prototype.push.apply(files, input.files);
        });
        upload(form, files);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
