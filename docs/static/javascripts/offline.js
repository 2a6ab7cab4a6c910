/* The guide offline after one visit (online only: from the file system there is no service
 * worker, and the bundle needs none). Registers the site's service worker (sw.js, made by
 * Workbox at build time) and says, in one line in the page's language, when the guide is
 * ready offline and when a newer version is there (reload to use it). A new version never
 * takes over a page by itself, nor reloads a tab behind its reader's back: the reader's
 * reload does, in that tab. A page without that line holds nothing a reader typed (the
 * language choice, the side-by-side blank listing, the 404 page): when a new version takes
 * over, it reloads, so that it never runs on as the old version's page with the new
 * version's files.
 */
(() => {
  "use strict";

  const line = document.querySelector("[data-offline-status]");
  if (location.protocol === "file:" || !("serviceWorker" in navigator)) return;

  // Whether a worker was already in charge of this page: the first one to take charge is
  // no new version.
  let controlled = navigator.serviceWorker.controller !== null;
  const firstControl = () => {
    const first = !controlled;
    controlled = true;
    return first;
  };

  if (!line) {
    navigator.serviceWorker.addEventListener("controllerchange", () => firstControl() || location.reload());
    return;
  }

  const scriptURL = new URL(document.currentScript.src);
  const siteRoot = new URL("../", scriptURL);
  const say = (which) => {
    for (const part of line.querySelectorAll("[data-offline-ready], [data-offline-update]")) {
      part.hidden = !part.matches(`[data-offline-${which}]`);
    }
    line.hidden = false;
    line.dataset.offlineState = which;
  };

  // A new version is used by a page only when its reader asks: the tab whose button was
  // pressed reloads; another tab the new worker now serves stays as it is (a list being
  // typed, say) and offers the new version in its turn. Before the reload it asked for, a
  // page may hand over what it holds: "cw-reload" (listing.js keeps the list typed).
  let requested = false;
  let reloading = false;
  const reload = () => {
    if (reloading) return;
    reloading = true;
    window.dispatchEvent(new Event("cw-reload"));
    location.reload();
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (firstControl()) return;
    if (requested) reload();
    else offerUpdate(null);
  });

  // Asked to take over, the waiting worker may be left waiting: Chromium stops the
  // outgoing worker to activate the new one, and a request reaching the outgoing worker
  // in that moment starts it again and parks the activation; asking again does not wake
  // it (seen through DevTools' service worker events, with the theme's files fetched at
  // the click: theme-start.js no longer starts them from this line). Another tab's
  // request can still do it: after TAKE_OVER_MS the tab reloads anyway, and the
  // navigation lets the browser activate the new version as the page leaves.
  const TAKE_OVER_MS = 3000;
  function askToTakeOver(registration) {
    if (!registration.waiting) return reload(); // already in charge (or gone): reload
    registration.waiting.postMessage({ type: "SKIP_WAITING" });
    setTimeout(reload, TAKE_OVER_MS);
  }

  function offerUpdate(registration) {
    say("update");
    line.querySelector("[data-offline-reload]").onclick = () => {
      requested = true;
      // Waiting: it takes over, then controllerchange reloads. Already in use: reload.
      if (registration) askToTakeOver(registration);
      else reload();
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
