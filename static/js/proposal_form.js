// The proposal form: warn while the cost is written if it is above what the chosen area (or the
// round) has in all. The server gives the same warning once without JavaScript; when the
// warning has been shown here, the form says so (cost_confirmed) and is not stopped again.
(function () {
  "use strict";
  var form = document.querySelector("form[data-proposal-form]");
  var capsNode = document.getElementById("cost-caps");
  var cost = document.getElementById("id_estimated_cost");
  var warning = document.getElementById("id_estimated_cost_warning");
  if (!form || !capsNode || !cost || !warning) return;
  var caps = JSON.parse(capsNode.textContent);
  var area = document.getElementById("id_area");

  function parsed(text) {
    var match = text.replace(/[\s\u00a0\u202f\u2009\u2007]+/g, " ").trim()
      .match(/^(\d+|\d{1,3}(?: \d{3})+) ?(?:kr\.?|kronor|sek|:-)?$/i);
    return match ? parseInt(match[1].replace(/ /g, ""), 10) : null;
  }

  function confirmed(value) {
    var input = form.querySelector("input[name=cost_confirmed]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "cost_confirmed";
      form.appendChild(input);
    }
    input.value = value;
  }

  function update() {
    var entry = caps[area ? area.value : ""];
    var value = parsed(cost.value);
    var over = entry && value !== null && value > entry[0];
    warning.hidden = !over;
    warning.firstElementChild.textContent = over ? entry[1] : "";
    if (over) confirmed(String(value));
  }

  cost.addEventListener("input", update);
  if (area) area.addEventListener("change", update);
})();
