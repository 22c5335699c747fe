// Marks the claim a link points at (/reports/ID#claim-START) with class "target", beside
// the CSS :target rule, and scrolls it into view; again whenever the hash changes.
(function () {
  "use strict";
  function markTarget() {
    document.querySelectorAll(".claim.target").forEach(function (el) {
      el.classList.remove("target");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.classList.contains("claim")) {
      el.classList.add("target");
      el.scrollIntoView({ block: "center" });
    }
  }
  window.addEventListener("hashchange", markTarget);
  document.addEventListener("DOMContentLoaded", markTarget);
})();
