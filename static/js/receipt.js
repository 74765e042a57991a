/* Receipt page: buttons to copy the code and to print the page. Progressive enhancement only:
   without JavaScript the buttons stay hidden and the code can be written down or printed from
   the browser (the print stylesheet keeps the code and what happens next). */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var code = document.getElementById("receipt-code");
    var copy = document.querySelector("[data-copy-receipt]");
    var print = document.querySelector("[data-print-receipt]");
    var status = document.querySelector("[data-copied-text]");
    if (!code) { return; }
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent.trim()).then(function () {
          if (status) { status.textContent = status.getAttribute("data-copied-text"); }
        });
      });
    }
    if (print && window.print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  });
})();
