/* Filters behind one button on a phone: the <details class="qic-filters"> around a filter
 * form comes closed from the server unless a filter is set; on a screen as wide as the
 * DSFR's md breakpoint it opens, so the filters show as before. Without this file the
 * filters are one click away. */
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 48em)").matches) return;
  document.querySelectorAll("details.qic-filters").forEach(function (details) {
    details.open = true;
  });
})();
