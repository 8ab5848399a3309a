// Searchable checkbox lists in the admin (rexchange.newsroom.widgets): a filter box
// above the list, a count of what is chosen, arrow keys between the options shown.
// A Stimulus controller registered with Wagtail's own application, so lists drawn
// later (a panel expanded, a form reloaded) connect as well. No build step, no
// inline script (the admin's Content-Security-Policy).
(function () {
  "use strict";
  var wagtail = window.wagtail;
  var Stimulus = window.StimulusModule;
  // Outside the admin there is no Stimulus: the plain checkboxes still work.
  if (!wagtail || !wagtail.app || !Stimulus) return;

  // Case- and accent-insensitive: "lutecium" finds nothing, but "LUT" and "lut"
  // find "Lutetium", and "e" finds "é".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  class SearchableChoicesController extends Stimulus.Controller {
    static targets = ["bar", "search", "status", "list"];
    static values = { noun: { type: String, default: "items" } };

    connect() {
      this.barTarget.hidden = false;
      this.filter();
    }

    get inputs() {
      return Array.from(this.listTarget.querySelectorAll('input[type="checkbox"]'));
    }

    // Django draws each option as <div><label><input> text</label></div>.
    row(input) {
      return input.closest("label").parentElement;
    }

    get shownInputs() {
      return this.inputs.filter((input) => !this.row(input).hidden);
    }

    filter() {
      var words = fold(this.searchTarget.value).split(/\s+/).filter(Boolean);
      this.inputs.forEach((input) => {
        var label = input.closest("label");
        if (label.dataset.rxText === undefined) {
          label.dataset.rxText = fold(label.textContent);
        }
        var text = label.dataset.rxText;
        this.row(input).hidden = !words.every((word) => text.includes(word));
      });
      this.update();
    }

    update() {
      var inputs = this.inputs;
      var chosen = inputs.filter((input) => input.checked).length;
      var shown = this.shownInputs.length;
      var status = chosen + " of " + inputs.length + " " + this.nounValue + " chosen";
      if (shown === 0) {
        status = "No " + this.nounValue + " match \u201c" +
          this.searchTarget.value.trim() + "\u201d. " + status;
      } else if (shown < inputs.length) {
        status += "; showing " + shown + " that match";
      }
      this.statusTarget.textContent = status + ".";
    }

    focusOption(index) {
      var shown = this.shownInputs;
      if (!shown.length) return;
      shown[Math.max(0, Math.min(index, shown.length - 1))].focus();
    }

    searchKeydown(event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        // Enter in a text box would submit the whole page form.
        event.preventDefault();
        this.focusOption(0);
      } else if (event.key === "Escape" && this.searchTarget.value) {
        event.preventDefault();
        event.stopPropagation();
        this.searchTarget.value = "";
        this.filter();
      }
    }

    listKeydown(event) {
      var target = event.target;
      if (!(target instanceof HTMLInputElement) || target.type !== "checkbox") return;
      var shown = this.shownInputs;
      var at = shown.indexOf(target);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        this.focusOption(at + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at <= 0) this.searchTarget.focus();
        else this.focusOption(at - 1);
      } else if (event.key === "Enter") {
        // Tick with Enter as with Space, instead of submitting the page form.
        event.preventDefault();
        target.click();
      }
    }
  }

  wagtail.app.register("rx-choices", SearchableChoicesController);
})();
