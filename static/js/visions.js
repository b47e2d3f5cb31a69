/* Visions pages, progressive enhancement only: every page works without this file.
 *
 * Grid of indicators: Enter in a row saves that row (with HTMX) instead of the whole
 * grid; after a row is saved, its message is read out and focus moves to the next row.
 * Board of actions: after a move, focus goes to the moved card.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !window.htmx) return;
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest(".qic-grid")) return;
    var row = input.closest("tr");
    var button = row && row.querySelector(".qic-row-save");
    if (!button) return;
    event.preventDefault();
    button.click();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var row = target.id && target.id.indexOf("ligne-") === 0 ? document.getElementById(target.id) : null;
    if (row) {
      var live = document.getElementById("grille-annonces");
      var status = row.querySelector(".qic-row-status, .fr-error-text");
      if (live && status) live.textContent = status.textContent;
      var invalid = row.querySelector("[aria-invalid=true]");
      if (invalid) {
        invalid.focus();
        return;
      }
      var next = row.nextElementSibling;
      while (next && !next.querySelector("input[inputmode=decimal]")) next = next.nextElementSibling;
      var field = next ? next.querySelector("input[inputmode=decimal]") : row.querySelector(".qic-row-save");
      if (field) field.focus();
      return;
    }
    var board = document.getElementById("tableau");
    if (board && board.dataset.focus) {
      var card = document.getElementById(board.dataset.focus);
      if (card) card.focus();
    }
  });
})();
