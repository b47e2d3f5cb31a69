/* Optional audience measurement (Matomo), set up for the CNIL's consent exemption:
 * no cookie, no user id, no cross-site tracking (the server anonymises addresses).
 * Loaded only when MATOMO_URL and MATOMO_SITE_ID are set; no inline script (CSP). */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.getAttribute("data-url");
  var _paq = (window._paq = window._paq || []);
  _paq.push(["disableCookies"]);
  _paq.push(["trackPageView"]);
  _paq.push(["enableLinkTracking"]);
  _paq.push(["setTrackerUrl", url + "matomo.php"]);
  _paq.push(["setSiteId", script.getAttribute("data-site-id")]);
  var tracker = document.createElement("script");
  tracker.async = true;
  tracker.src = url + "matomo.js";
  document.head.appendChild(tracker);
})();
