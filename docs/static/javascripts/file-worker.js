/* Web Workers for pages opened from the file system (file://), where a browser will not
 * start one: the theme's search runs its worker script in a hidden frame instead.
 * Loaded only by the build for the file system (mkdocs-offline.yml), before the theme's
 * scripts, and active only on file://.
 *
 * The idea is Material for MkDocs' own iframe-worker shim (npm "iframe-worker"), which its
 * offline plugin loads from a CDN. That shim writes an inline script holding the worker's
 * address into the frame, which this site's Content-Security-Policy (inline scripts only
 * by hash) rightly refuses. This one writes no markup: it gives the frame's window the two
 * functions a worker has (postMessage, importScripts) and adds the worker's script as a
 * <script src> element, which the policy allows like any script of the site.
 */
(() => {
  if (location.protocol !== "file:") return;

  class FrameWorker extends EventTarget {
    constructor(scriptURL) {
      super();
      const url = new URL(scriptURL, location.href).href; // the theme gives it relative
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.tabIndex = -1;
      this.frame.setAttribute("aria-hidden", "true");
      (document.body || document.documentElement).append(this.frame);
      const scope = this.frame.contentWindow;
      // A document of our own, written once, so that no later load of the frame's first
      // empty document replaces what is added to it. Markup only, no script.
      scope.document.open();
      scope.document.write("<!DOCTYPE html><html><head></head><body></body></html>");
      scope.document.close();
      const addScript = (src) =>
        new Promise((resolve, reject) => {
          const script = scope.document.createElement("script");
          script.src = new URL(src, url).href;
          script.onload = resolve;
          script.onerror = () => reject(new Error(`cannot load ${script.src}`));
          scope.document.body.append(script);
        });
      // What the worker's script calls: postMessage answers this object; importScripts
      // loads in order and returns a promise (the theme's worker awaits it).
      scope.postMessage = (data) => this.receive(structuredClone(data));
      scope.importScripts = (...urls) =>
        urls.reduce((previous, src) => previous.then(() => addScript(src)), Promise.resolve());
      scope.addEventListener("error", (event) => this.fail(event.message, event.error));
      this.loaded = addScript(url).catch((error) => this.fail(error.message, error));
    }

    receive(data) {
      const event = new MessageEvent("message", { data });
      this.dispatchEvent(event);
      this.onmessage?.(event);
    }

    fail(message, error) {
      const event = new ErrorEvent("error", { message, error });
      this.dispatchEvent(event);
      this.onerror?.(event);
    }

    postMessage(data) {
      const copy = structuredClone(data);
      this.loaded.then(() => {
        const scope = this.frame.contentWindow;
        scope?.dispatchEvent(new scope.MessageEvent("message", { data: copy }));
      });
    }

    terminate() {
      this.frame.remove();
    }
  }

  // The theme's search worker looks for this name to find its language files (lunr).
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
