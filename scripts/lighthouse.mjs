// Lighthouse (npm, pinned) on Debian's Chromium, one browser for a list of pages, each
// page audited cold (Lighthouse resets the origin's storage before each run) with its
// default mobile profile. Called by scripts/lighthouse.py with one JSON argument
// {urls, categories}; prints one JSON object per page, one per line: the scores of the
// categories (0-100), the audits of a category that did not pass (their id, title and
// the items they name), and the performance figures.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { urls, categories, chromeFlags } = JSON.parse(process.argv[2]);
const METRICS = {
  fcp_ms: "first-contentful-paint",
  lcp_ms: "largest-contentful-paint",
  tbt_ms: "total-blocking-time",
  cls: "cumulative-layout-shift",
  speed_index_ms: "speed-index",
  bytes: "total-byte-weight",
};

// The node an item names, or its URL, or its own words: enough to find the problem.
function described(item) {
  if (item.node) return item.node.snippet || item.node.selector;
  if (item.source && item.source.snippet) return item.source.snippet;
  if (item.sourceLocation && item.sourceLocation.url) return `${item.description || ""} ${item.sourceLocation.url}`;
  return JSON.stringify(item).slice(0, 300);
}

// Our own profile folder: chrome-launcher writes Chromium's output there (chrome-err.log)
// and would delete it with its own; ours is read when an audit fails, then removed.
const profile = mkdtempSync(join(tmpdir(), "lighthouse-chromium-"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [...chromeFlags, "--enable-logging=stderr"],
  userDataDir: profile,
});

// The end of what Chromium said, e.g. why a renderer died.
function chromiumSaid() {
  try {
    return readFileSync(join(profile, "chrome-err.log"), "utf8").split("\n").slice(-60).join("\n");
  } catch (error) {
    return `(no log: ${error.message})`;
  }
}
// An audit that could not go on: said last, so that the caller's excerpt of this output
// names the page (a tab of Chromium crashed twice in a full `make test`, page unknown).
function sayFailed(error, url) {
  console.error(error);
  console.error(`Chromium's last words:\n${chromiumSaid()}`);
  console.error(`lighthouse: ${url} failed: ${error?.code || error?.message}`);
}

// A tab that crashes while Lighthouse navigates rejects its pending Page.navigate, which
// Lighthouse no longer holds once the crash has ended the navigation (its own report then
// says the page crashed): Node.js would end with the bare error, every page unaudited.
// That rejection is noted for the page being audited; any other ends the run.
let auditing = null;
const crashed = new Map(); // url -> what Chromium said when its tab crashed
process.on("unhandledRejection", (error) => {
  if (error?.code === "TARGET_CRASHED" && auditing) {
    crashed.set(auditing, chromiumSaid());
    return;
  }
  sayFailed(error, auditing);
  chrome.kill().finally(() => {
    rmSync(profile, { recursive: true, force: true });
    process.exit(1);
  });
});
try {
  for (const url of urls) {
    auditing = url;
    let result;
    try {
      result = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: categories || undefined,
      });
    } catch (error) {
      sayFailed(error, url);
      process.exitCode = 1;
      break;
    }
    const { lhr } = result;
    const scores = {};
    const failed = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      if (id === "performance") continue; // measured, not a list of rules
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (audit.scoreDisplayMode === "notApplicable" || audit.scoreDisplayMode === "manual") continue;
        if (audit.scoreDisplayMode === "informative" || audit.score === null || audit.score >= 1) continue;
        const items = (audit.details && audit.details.items) || [];
        failed.push({ category: id, id: ref.id, title: audit.title, items: items.slice(0, 10).map(described) });
      }
    }
    const metrics = {};
    if (lhr.categories.performance) {
      for (const [name, id] of Object.entries(METRICS)) metrics[name] = lhr.audits[id].numericValue;
    }
    let runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
    if (crashed.has(url)) {
      runtimeError = `${runtimeError || "a tab crashed"}\nChromium's last words:\n${crashed.get(url)}`;
    }
    console.log(JSON.stringify({ url, scores, failed, metrics, runtimeError, version: lhr.lighthouseVersion }));
  }
} finally {
  await chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
