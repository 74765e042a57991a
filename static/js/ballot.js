/* Voting page: a running total of money, points or choices, read out in an aria-live region,
   the over-budget state in words, and the proposals that no longer fit in the money left.
   Progressive enhancement only: the server checks every rule and the page works without this.
   Without JavaScript the total is hidden, or shown only for the choices the page was made with
   (introduced as such); this script shows it and keeps it up to date (issue 11). */
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

  function tally(form, kind) {
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

  /* Marks, in words and by a class, each unticked proposal that costs more than is left. */
  function markFits(form, box, left) {
    var words = box.getAttribute("data-no-fit");
    var inputs = form.querySelectorAll("input[type=checkbox][data-cost]");
    Array.prototype.forEach.call(inputs, function (input) {
      var item = input.closest(".ballot-item");
      var about = document.getElementById(input.id + "-about");
      if (!item || !about) { return; }
      var cost = parseInt(input.getAttribute("data-cost"), 10) || 0;
      var fits = input.checked || cost <= left;
      var note = about.querySelector("[data-nofit]");
      item.classList.toggle("ballot-item--nofit", !fits);
      if (!fits && !note) {
        note = document.createElement("strong");
        note.className = "ballot-item__nofit";
        note.setAttribute("data-nofit", "");
        note.textContent = words;
        about.insertBefore(note, about.firstChild);
      } else if (fits && note) {
        note.parentNode.removeChild(note);
      }
    });
  }

  function update(form, box) {
    var kind = box.getAttribute("data-kind");
    var t = tally(form, kind);
    var cap = parseInt(box.getAttribute("data-cap"), 10) || 0;
    var totalPoints = parseInt(box.getAttribute("data-total-points"), 10) || 0;
    var maxChoices = parseInt(box.getAttribute("data-max-choices"), 10) || 0;
    var text = fill(box.getAttribute("data-template"), {
      count: String(t.count), used: kronor(t.used), cap: kronor(cap),
      points: String(t.points), total: String(totalPoints)
    });
    var excess = 0;
    if (kind === "knapsack") { excess = t.used - cap; }
    else if (kind === "points") { excess = t.points - totalPoints; }
    else if (maxChoices) { excess = t.count - maxChoices; }
    var over = excess > 0;
    var overText = "";
    if (over) {
      overText = " " + fill(box.getAttribute("data-over-template"), {
        amount: kind === "knapsack" ? kronor(excess) : String(excess)
      });
    }
    box.querySelector("[data-total-text]").textContent = text;
    box.querySelector("[data-total-over]").textContent = overText;
    box.classList.toggle("ballot-total--over", over);
    if (kind === "knapsack") { markFits(form, box, cap - t.used); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-ballot]");
    var box = document.getElementById("ballot-total");
    if (!form || !box) { return; }
    var lead = box.querySelector("[data-total-lead]");
    if (lead) { lead.parentNode.removeChild(lead); }
    update(form, box);
    box.hidden = false;
    form.addEventListener("change", function () { update(form, box); });
    form.addEventListener("input", function () { update(form, box); });
  });
})();
