// Zoom and pan for the timeline's SVG axes. The server draws each axis over its story's
// whole span; each bar carries the days it covers (data-from, data-to) and each tick or
// reported mark its day (data-at), counted from the story's first day. Zooming narrows
// the window of days shown and places every element again; nothing is fetched.
(function () {
  "use strict";
  var MIN_DAYS = 3;

  function setUp(svg, controls) {
    var days = Number(svg.dataset.days);
    var left = Number(svg.dataset.left);
    var right = Number(svg.dataset.right);
    var view = { from: 0, span: days };
    var pan = controls.querySelector("[data-pan]");

    function x(day) {
      return left + ((right - left) * (day - view.from)) / view.span;
    }
    function draw() {
      svg.querySelectorAll("[data-from]").forEach(function (bar) {
        var start = x(Number(bar.dataset.from));
        var end = x(Number(bar.dataset.to));
        bar.setAttribute("x", start.toFixed(1));
        bar.setAttribute("width", Math.max(end - start, 2).toFixed(1));
      });
      svg.querySelectorAll("[data-at]").forEach(function (mark) {
        var at = x(Number(mark.dataset.at)).toFixed(1);
        if (mark.tagName === "line") {
          mark.setAttribute("x1", at);
          mark.setAttribute("x2", at);
        } else {
          mark.setAttribute("x", at);
        }
      });
      var room = days - view.span;
      pan.disabled = room <= 0;
      pan.value = room > 0 ? Math.round((1000 * view.from) / room) : 0;
    }
    function zoom(factor, centre) {
      var span = Math.min(days, Math.max(MIN_DAYS, view.span * factor));
      var middle = centre === undefined ? view.from + view.span / 2 : centre;
      view.span = span;
      view.from = Math.min(Math.max(0, middle - span / 2), days - span);
      draw();
    }
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) return;
      var how = button.dataset.zoom;
      if (how === "reset") zoom(Infinity, days / 2);
      else zoom(how === "in" ? 0.5 : 2);
    });
    pan.addEventListener("input", function () {
      view.from = ((days - view.span) * Number(pan.value)) / 1000;
      draw();
    });
    svg.addEventListener(
      "wheel",
      function (event) {
        if (!event.ctrlKey && !event.shiftKey) return; // plain wheel scrolls the page
        event.preventDefault();
        var box = svg.getBoundingClientRect();
        var px = ((event.clientX - box.left) * svg.viewBox.baseVal.width) / box.width;
        var centre = view.from + ((px - left) * view.span) / (right - left);
        zoom(event.deltaY < 0 ? 0.8 : 1.25, centre);
      },
      { passive: false }
    );
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".timeline-controls").forEach(function (controls) {
      var svg = document.getElementById(controls.dataset.for);
      if (svg) setUp(svg, controls);
    });
  });
})();
