// The service worker of the online site, made by Workbox (npm workbox-build) from the
// built site: a precache manifest with a revision (content hash) per file, so that a new
// build replaces the old one as a whole. Called by macros/service_worker.py with one JSON
// argument; prints Workbox's count, size and warnings as JSON.
import { generateSW } from "workbox-build";

const options = JSON.parse(process.argv[2]);
const result = await generateSW({
  globDirectory: options.siteDir,
  globPatterns: options.precache,
  globIgnores: options.ignore,
  swDest: options.swDest,
  importScripts: options.importScripts,
  // One file, no runtime fetched from anywhere (Workbox's default would be a local copy
  // beside it; inline keeps the whole worker one versioned file).
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  // A page is the same page whatever its query: the checker's deep links (?cause=...).
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: "index.html",
  cleanupOutdatedCaches: true,
  // A new version waits until the reader reloads (the page offers it): never the pages of
  // one version with the scripts of another.
  skipWaiting: false,
  clientsClaim: true,
  maximumFileSizeToCacheInBytes: options.largestFile,
  runtimeCaching: [
    {
      // Python (Pyodide and the snapshot): cached when a page starts it, not before, in a
      // cache named by this build's Python files (older ones are removed on activation).
      urlPattern: new RegExp(options.pythonPattern),
      handler: "CacheFirst",
      options: { cacheName: options.pythonCache },
    },
  ],
});
console.log(JSON.stringify({ count: result.count, size: result.size, warnings: result.warnings }));
