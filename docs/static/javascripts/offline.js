/* The guide offline after one visit (online only: from the file system there is no service
 * worker, and the bundle needs none). Registers the site's service worker (sw.js, made by
 * Workbox at build time) and says, in one line in the page's language, when the guide is
 * ready offline and when a newer version is there (reload to use it). A new version never
 * takes over a page by itself: the reader's reload does.
 */
(() => {
  "use strict";

  const line = document.querySelector("[data-offline-status]");
  if (location.protocol === "file:" || !("serviceWorker" in navigator) || !line) return;

  const scriptURL = new URL(document.currentScript.src);
  const siteRoot = new URL("../", scriptURL);
  const say = (which) => {
    for (const part of line.querySelectorAll("[data-offline-ready], [data-offline-update]")) {
      part.hidden = !part.matches(`[data-offline-${which}]`);
    }
    line.hidden = false;
    line.dataset.offlineState = which;
  };

  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The new version took over at the reader's request: show it, whole.
    if (line.dataset.offlineState === "update" && !reloading) {
      reloading = true;
      location.reload();
    }
  });

  function offerUpdate(registration) {
    say("update");
    line.querySelector("[data-offline-reload]").onclick = () => {
      registration.waiting?.postMessage({ type: "SKIP_WAITING" });
    };
  }

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
    registration.addEventListener("updatefound", () => {
      const installing = registration.installing;
      installing?.addEventListener("statechange", () => {
        if (installing.state !== "installed") return;
        // A worker was already in charge: this is a newer version. Otherwise the first.
        if (navigator.serviceWorker.controller) offerUpdate(registration);
        else say("ready");
      });
    });
  }

  // A page that starts Python (the checker, the listing) registers once Python is up: the
  // worker's first download must not slow Python's on a weak link.
  const startsPython = document.querySelector('script[src$="javascripts/python.js"]') !== null;
  const pythonSettled = () =>
    startsPython && !window.cwPythonSettled
      ? new Promise((resolve) => window.addEventListener("cw-python-settled", resolve, { once: true }))
      : Promise.resolve();

  window.addEventListener("load", async () => {
    await pythonSettled();
    try {
      const registration = await navigator.serviceWorker.register(new URL("sw.js", siteRoot), {
        scope: siteRoot.pathname,
      });
      watch(registration);
      await navigator.serviceWorker.ready;
      if (!registration.waiting && line.dataset.offlineState !== "update") say("ready");
    } catch (error) {
      console.warn("offline: the service worker could not be registered:", error);
    }
  });
})();
