/* Survey pages: a conditional question whose condition is on the same page is shown only when
   the earlier answer matches, and its inputs are switched off while hidden (so nothing is sent
   for it). Progressive enhancement only: without JavaScript every question of the page is
   shown with a note saying when to answer it, and the server decides (it never stores an
   answer to a question that does not apply). */
(function () {
  "use strict";

  function chosenValues(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-if]"), function (block) {
      var wanted = (block.getAttribute("data-show-if-values") || "").split(" ").filter(Boolean);
      var given = chosenValues(form, block.getAttribute("data-show-if"));
      var parentShown = true;
      var parentBlock = form.querySelector("[name='" + block.getAttribute("data-show-if") + "']");
      if (parentBlock && parentBlock.disabled) { parentShown = false; }
      var show = parentShown && (wanted.length ? given.some(function (v) {
        return wanted.indexOf(v) !== -1;
      }) : given.length > 0);
      block.hidden = !show;
      Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (input) {
        input.disabled = !show;
      });
    });
  }

  /* A ranking: choosing a place another item holds gives that item this one's old place, so
     every item keeps a place of its own (the server checks it either way). */
  function enhanceRanking(list) {
    var selects = list.querySelectorAll("select");
    Array.prototype.forEach.call(selects, function (select) {
      select.setAttribute("data-previous", select.value);
      select.addEventListener("change", function () {
        var previous = select.getAttribute("data-previous");
        Array.prototype.forEach.call(selects, function (other) {
          if (other !== select && select.value && other.value === select.value) {
            other.value = previous;
            other.setAttribute("data-previous", previous);
          }
        });
        select.setAttribute("data-previous", select.value);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-ranking]"), enhanceRanking);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-survey]"), function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
    });
  });
})();
