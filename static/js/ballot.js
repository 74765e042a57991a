/* Voting page: a running total of money, points or choices, read out in an aria-live region.
   Progressive enhancement only: the server checks every rule and the page works without this. */
(function () {
  "use strict";

  function kronor(amount) {
    var grouped = String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return grouped + "\u00a0kr";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function tally(form) {
    var kind = form.getAttribute("data-kind");
    var count = 0, used = 0, points = 0;
    var inputs = form.querySelectorAll("[data-cost]");
    Array.prototype.forEach.call(inputs, function (input) {
      var cost = parseInt(input.getAttribute("data-cost"), 10) || 0;
      if (kind === "approval" || kind === "knapsack") {
        if (input.checked) { count += 1; used += cost; }
      } else if (kind === "points") {
        var value = parseInt(input.value, 10);
        if (value > 0) { count += 1; used += cost; points += value; }
      } else if (input.value) {
        count += 1; used += cost;
      }
    });
    return { count: count, used: used, points: points };
  }

  function update(form, box) {
    var kind = form.getAttribute("data-kind");
    var t = tally(form);
    var cap = parseInt(box.getAttribute("data-cap"), 10) || 0;
    var totalPoints = parseInt(box.getAttribute("data-total-points"), 10) || 0;
    var maxChoices = parseInt(box.getAttribute("data-max-choices"), 10) || 0;
    box.textContent = fill(box.getAttribute("data-template"), {
      count: String(t.count), used: kronor(t.used), cap: kronor(cap),
      points: String(t.points), total: String(totalPoints)
    });
    var over = false;
    if (kind === "knapsack") { over = t.used > cap; }
    else if (kind === "points") { over = t.points > totalPoints; }
    else if (maxChoices) { over = t.count > maxChoices; }
    box.classList.toggle("ballot-total--over", over);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-ballot]");
    var box = document.getElementById("ballot-total");
    if (!form || !box) { return; }
    form.addEventListener("change", function () { update(form, box); });
    form.addEventListener("input", function () { update(form, box); });
  });
})();
