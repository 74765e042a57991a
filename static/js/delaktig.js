/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Move focus to an error summary when a form comes back with errors.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    // A personal voting link carries the code after "#", which the browser never sends to
    // the server: put it in the code field, and take it out of the address bar and history.
    var codeField = document.querySelector("[data-code-from-link]");
    var fromLink = window.location.hash.replace(/^#/, "");
    if (codeField && /^[A-Za-z2-9-]{12,16}$/.test(fromLink)) {
      codeField.value = decodeURIComponent(fromLink);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
      }
    }
  });
})();
