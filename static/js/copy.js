// « Copier l'adresse »: buttons with data-copy="<id of a field>" copy that field's value
// and say so in a live region. Hidden without JavaScript (the field can be selected).
(function () {
  "use strict";
  var status = document.createElement("p");
  status.className = "fr-sr-only";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Adresse copiée."; },
        function () { field.select(); status.textContent = "Sélectionnée : copiez-la avec Ctrl+C."; }
      );
    });
  });
})();
