// The ballot design page (officials): only the limits of the chosen kind of ballot are shown,
// and the completion only with Equal Shares. The server renders the page that way and ignores
// what does not apply; without this script, picking another kind and saving first shows that
// kind's limits, unsaved (voting/manage_views.box_design). With it, the limits change at once
// and one save is enough: the hidden "shown_kind" says which limits were on the page.
(function () {
  "use strict";

  function toggle(wrapper, on) {
    wrapper.hidden = !on;
    wrapper.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.disabled = !on;
    });
  }

  function applies(wrapper, attribute, value) {
    return wrapper.getAttribute(attribute).split(" ").indexOf(value) !== -1;
  }

  function setUp(form) {
    var shown = form.querySelector("[data-shown-kind]");

    function update() {
      var kind = form.querySelector("input[name=kind]:checked");
      var rule = form.querySelector("input[name=counting_rule]:checked");
      if (kind) {
        if (shown) shown.value = kind.value;
        form.querySelectorAll("[data-kinds]").forEach(function (wrapper) {
          toggle(wrapper, applies(wrapper, "data-kinds", kind.value));
        });
      }
      if (rule) {
        form.querySelectorAll("[data-rules]").forEach(function (wrapper) {
          toggle(wrapper, applies(wrapper, "data-rules", rule.value));
        });
      }
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "kind" || event.target.name === "counting_rule") update();
    });
    update();
  }

  document.querySelectorAll("[data-ballot-design]").forEach(setUp);
})();
