// Firefox ESR (Debian's firefox-esr) driven by puppeteer-core over WebDriver BiDi: no
// geckodriver. One Firefox serves a test worker's whole run (tests/test_firefox.py starts
// this script once): each line read is one scenario's JSON {scenario, base, index, ...},
// run in a user context of its own (storage, caches and service workers of its own, as a
// fresh profile would have), and answered by one line: REPORT and the scenario's JSON, or
// FAILED and why. The scenarios only observe and report; the assertions are the Python
// test's.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const READY_MS = 90000;
// The walk of the checker's paths in the page (tests/engines/walk.js), a group of paths
// (args.groups, from tests/conftest.py) a tab: each answer is a history entry, and Firefox
// refuses a tab more than 200 within 10 s.
const WALK = readFileSync(new URL("walk.js", import.meta.url), "utf8");

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: "/usr/bin/firefox-esr",
  headless: true,
});

// The scenario being run: its arguments and its user context.
let args;
let context;

// Every console error or warning and every policy violation of a page, as text.
async function watchedPage() {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (["error", "warn", "warning"].includes(message.type())) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window.__violations ||= []).push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  // A script the test runs before the page's own (as Playwright's add_init_script).
  if (args.initScript) await page.evaluateOnNewDocument(args.initScript);
  page.problems = async () => [
    ...problems,
    ...((await page.evaluate(() => window.__violations || []).catch(() => [])) || []),
  ];
  return page;
}

const url = (path) => new URL(path.endsWith("/") ? `${path}${args.index}` : path, args.base).href;

async function pythonReady(page) {
  await page.waitForSelector('[data-checker-mode="python"]', { timeout: READY_MS });
}

async function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector("[data-checker-mode]");
    const templates = root.querySelector(".cw-templates");
    const items = [...root.querySelectorAll("[data-question], [data-outcome]")].filter((e) => !templates.contains(e));
    return items.map((e) => (e.dataset.question ? ["question", e.dataset.question] : ["outcome", e.dataset.outcome]));
  });
}

async function waitShown(page, kind, id) {
  await page.waitForFunction(
    (kind, id) => {
      const root = document.querySelector("[data-checker-mode]");
      const templates = root.querySelector(".cw-templates");
      return [...root.querySelectorAll(`[data-${kind}="${id}"]`)].some((e) => !templates.contains(e));
    },
    { timeout: READY_MS },
    kind,
    id,
  );
}

const scenarios = {
  // Every page given: its console and policy problems once loaded (and, on the pages named
  // in args.python, once Python has started).
  async pages() {
    const found = {};
    for (const path of args.pages) {
      // A tab per page: what a page left mid-start reports as it goes is not the next one's.
      const page = await watchedPage();
      await page.goto(url(path), { waitUntil: "load" });
      if (args.python.includes(path)) {
        await page.waitForFunction(
          () => document.querySelector('[data-checker-mode="python"], [data-listing][data-python="ready"]'),
          { timeout: READY_MS },
        );
      }
      const problems = await page.problems();
      if (problems.length) found[path] = problems;
      await page.close();
    }
    return { visited: args.pages.length, problems: found };
  },

  // The pages given at each width given: what args.script (a function's source) returns on
  // each, by width and page (args.python: the pages that start Python). A tab per page, as
  // in pages(): a page left as soon as it has loaded may still be fetching its icon through
  // the service worker, and Firefox reports that fetch, cut short, as an error of the tab.
  // Each page is loaded once and measured at each width (a new width lays it out again).
  async layout() {
    const found = {};
    const problems = [];
    for (const path of args.pages) {
      const page = await watchedPage();
      await page.setViewport({ width: args.widths[0], height: 844 });
      await page.goto(url(path), { waitUntil: "load" });
      // Measured as the reader sees it: where the page starts Python, once Python has drawn it.
      if (args.python.includes(path)) {
        await page.waitForFunction(
          () => document.querySelector('[data-checker-mode="python"], [data-listing][data-python="ready"]'),
          { timeout: READY_MS },
        );
      }
      for (const width of args.widths) {
        await page.setViewport({ width, height: 844 });
        await page.waitForFunction((width) => window.innerWidth === width, {}, width);
        found[`${width} ${path}`] = await page.evaluate(`(${args.script})()`);
      }
      problems.push(...(await page.problems()).map((problem) => `${path}: ${problem}`));
      await page.close();
    }
    return { found, problems };
  },

  // Every path of the flow with Python, walked in the page; back once; a reload of a state.
  async checker() {
    const outcomes = [];
    const problems = [];
    let page;
    let decoder;
    let wasm;
    for (const group of args.groups) {
      if (page) {
        problems.push(...(await page.problems()));
        await page.close();
      }
      page = await watchedPage();
      await page.goto(url(`${args.language}/checker/`), { waitUntil: "load" });
      await pythonReady(page);
      // Which decoder the worker used for whole files: zstddec or fzstd for Zstandard's,
      // DecompressionStream for a near server's gzip (none from file://); which WebAssembly
      // it took for the link: zstd, xz or gzip (none from file://).
      ({ decoder = null, wasm = null } = await page.evaluate(() => window.cwPythonStartFigures ?? {}));
      outcomes.push(...(await page.evaluate(`(${WALK})(${JSON.stringify(group)}, ${READY_MS})`)));
    }
    // Back and forward, then a reload of a state.
    await page.click('.cw-checker > [data-question="cause"] [data-option="company"]');
    await waitShown(page, "question", "other_channel");
    await page.goBack();
    await waitShown(page, "question", "cause");
    await page.goForward();
    await waitShown(page, "question", "other_channel");
    await page.reload({ waitUntil: "load" });
    await pythonReady(page);
    const afterReload = await shown(page);
    problems.push(...(await page.problems()));
    return { outcomes, afterReload, decoder, wasm, problems, mode: "python" };
  },

  // The listing: a number checked by Python, then 60 rows printed to PDF.
  async listing() {
    const page = await watchedPage();
    await page.goto(url(`${args.language}/listing/`), { waitUntil: "load" });
    await page.waitForSelector('[data-listing][data-python="ready"]', { timeout: READY_MS });
    const first = 'tbody tr[data-row] [data-column="identifier"]';
    await page.type(first, args.number);
    // Typed key by key: a check of the number begun so far may be shown first (the listing
    // checks 120 ms after the last key), then the whole number's, args.message.
    const read = () => document.querySelector("tbody tr[data-row] [data-message]").textContent.trim();
    await page.waitForFunction(`(${read})() === ${JSON.stringify(args.message)}`, { timeout: 60000 }).catch(() => {});
    const message = await page.evaluate(read);
    await page.evaluate((rows) => {
      const set = (input, value) => {
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      };
      for (const [name, value] of Object.entries(rows.fields)) set(document.querySelector(`[data-field="${name}"] input`), value);
      const add = document.querySelector("[data-listing-add]");
      while (document.querySelectorAll("tbody tr[data-row]").length < rows.cells.length) add.click();
      const trs = document.querySelectorAll("tbody tr[data-row]");
      rows.cells.forEach((cells, i) => {
        ["identifier", "name", "first_name"].forEach((column, c) => set(trs[i].querySelector(`[data-column="${column}"]`), cells[c]));
      });
    }, args.rows);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    return { message, pdf: Buffer.from(pdf).toString("base64"), problems: await page.problems() };
  },

  // Each page given, Python started, printed to A4 PDF as the 60 rows are.
  async print() {
    const pdfs = {};
    const problems = {};
    for (const path of args.pages) {
      const page = await watchedPage();
      await page.goto(url(path), { waitUntil: "load" });
      await page.waitForSelector('[data-checker-mode="python"], [data-listing][data-python="ready"]', { timeout: READY_MS });
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      pdfs[path] = Buffer.from(pdf).toString("base64");
      problems[path] = await page.problems();
      await page.close();
    }
    return { pdfs, problems };
  },

  // Search in the page's language, and the language switcher to the same page.
  async search_and_switch() {
    const page = await watchedPage();
    await page.goto(url(args.page), { waitUntil: "load" });
    await page.click("label.md-search__icon, .md-search__input");
    await page.type("input.md-search__input", args.word, { delay: 20 });
    await page.waitForFunction(() => document.querySelectorAll(".md-search-result__link").length > 0, { timeout: 30000 });
    const results = await page.$$eval(".md-search-result__link", (links) => links.map((l) => l.getAttribute("href")));
    await page.keyboard.press("Escape");
    const switchTo = await page.$eval(`.md-select__link[hreflang="${args.other}"]`, (link) => link.href);
    await page.goto(switchTo, { waitUntil: "load" });
    return { results, switched: page.url(), lang: await page.$eval("html", (e) => e.lang), problems: await page.problems() };
  },
};

for await (const line of createInterface({ input: process.stdin })) {
  args = JSON.parse(line);
  context = await browser.createBrowserContext();
  try {
    const report = await scenarios[args.scenario]();
    console.log(`REPORT ${JSON.stringify(report)}`);
  } catch (error) {
    console.log(`FAILED ${JSON.stringify(String(error?.stack ?? error))}`);
  } finally {
    await context.close();
  }
}
await browser.close();
