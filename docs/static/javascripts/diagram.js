/* The decision tree on a narrow screen: its box, which scrolls sideways, opens with the
 * flow's first question in view (macros/diagram.py marks it data-diagram-start), not at the
 * drawing's left edge, where a phone showed only later boxes. Without JavaScript the box
 * opens at the left edge and scrolls all the same.
 */
(() => {
  "use strict";

  for (const box of document.querySelectorAll(".cw-diagram__box")) {
    const start = box.querySelector("[data-diagram-start]");
    if (!start || box.scrollWidth <= box.clientWidth) continue;
    const boxRect = box.getBoundingClientRect();
    const startRect = start.getBoundingClientRect();
    // Centred in the box; the browser stops at either end of the drawing.
    box.scrollLeft += startRect.left + startRect.width / 2 - (boxRect.left + boxRect.width / 2);
  }
})();
