/* The theme's script (Material for MkDocs' bundle), started at the reader's first
 * interaction, not at load.
 *
 * Why: after the first paint, the bundle's start-up is two long tasks (its evaluation, then
 * its components' set-up), each over 100 ms on a mid-range phone (Lighthouse's simulation:
 * README, "Lighthouse"), during which the page answers no tap. Nothing it does is needed to
 * read the page: links are links, and the menu, the navigation and the language switcher
 * work with CSS alone. It is needed for search results, the keyboard's shortcuts, the
 * header's title, the table of contents' highlighting, the code's copy button: it starts at
 * the first touch, click, key, focus, wheel or mouse move (that first key is not one of
 * the theme's shortcuts: it is not there yet to read it), and at once on a page opened
 * from a search result (whose words it highlights).
 *
 * The theme mounts its components on DOMContentLoaded, which has passed by then: the event
 * is sent again when the bundle has run, unless the document is still loading (then the
 * browser's own comes). No script of ours listens for it.
 */
(() => {
  "use strict";

  const bundle = document.currentScript.dataset.themeBundle;
  const FIRST_INTERACTIONS = ["pointerdown", "touchstart", "keydown", "focusin", "wheel", "mousemove"];
  const listening = { capture: true, passive: true };

  // The line offering a new version (offline.js): its button reloads the page, and the
  // theme's files fetched at that moment would reach the outgoing service worker while the
  // new one takes over, which Chromium then parks (see offline.js). The bundle waits.
  const UPDATE_LINE = "[data-offline-status]";

  function start(event) {
    if (event?.target instanceof Element && event.target.closest(UPDATE_LINE)) return;
    for (const type of FIRST_INTERACTIONS) removeEventListener(type, start, listening);
    const script = document.createElement("script");
    script.src = bundle;
    script.onload = () => {
      if (document.readyState !== "loading") document.dispatchEvent(new Event("DOMContentLoaded"));
    };
    document.body.append(script);
  }

  if (new URLSearchParams(location.search).has("h")) start();
  else for (const type of FIRST_INTERACTIONS) addEventListener(type, start, listening);
})();
