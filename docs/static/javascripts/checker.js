/* The in-page checker.
 *
 * The checker's pages work on their own: every answer is a link to the page of the next
 * state. This script makes them one flow in the page once the decision module (checker/)
 * runs in Pyodide: an answer shows the next question without loading a page, the URL is
 * always the static page of the current state (so a reload or a shared link lands on the
 * same state; from the file system, where a page may not change its URL's path, the same
 * page with the answers as a query), the back button steps back, and changing an answer keeps the later answers
 * that still apply. Until Python is ready, or if it cannot start, the links simply work.
 *
 * The words come from the page itself: hidden templates of every question and outcome,
 * rendered at build time from content/. Anything taken from the URL is shown as text only.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-checker-mode]");
  if (!root) return;

  const texts = JSON.parse(document.querySelector("[data-checker-texts]").textContent);
  const statusLine = root.querySelector("[data-checker-status]");
  const templates = root.querySelector(".cw-templates");
  const answersSection = root.querySelector(".cw-answers");
  const answersList = root.querySelector(".cw-answers__list");
  const restartLine = root.querySelector(".cw-restart-line");
  const language = root.dataset.lang;

  // --- URLs of states -------------------------------------------------------------
  // A state's page is <checker>/<question>-<option>/.../ (macros/render.py makes them).
  const pairs = (query) => [...new URLSearchParams(query)];
  const initialAnswers = pairs(root.dataset.state);
  const pageURL = new URL(location.href);
  pageURL.search = "";
  pageURL.hash = "";
  const fileStyle = pageURL.pathname.endsWith("/index.html");
  const pageFolder = new URL("./", pageURL);
  const checkerRoot = new URL("../".repeat(initialAnswers.length) || "./", pageFolder);
  const siteRoot = new URL("../../", checkerRoot);

  const statePath = (answers) => answers.map(([q, o]) => `${q}-${o}/`).join("");
  const stateURL = (answers, base = checkerRoot) =>
    new URL(statePath(answers) + (fileStyle ? "index.html" : ""), base).href;
  // The URL the address bar shows for a state. HTML lets a file: page change its URL's
  // query but not its path: there the state is this page with the answers as a query (a
  // deep link, read when the page loads), "?" alone for the first question.
  const fromFileSystem = location.protocol === "file:";
  const historyURL = (answers) =>
    fromFileSystem ? `${pageURL.href}?${new URLSearchParams(answers)}` : stateURL(answers);

  function answersFromURL(url) {
    const folder = new URL("./", url).href;
    if (!folder.startsWith(checkerRoot.href)) return null;
    const rest = folder.slice(checkerRoot.href.length).split("/").filter(Boolean);
    const answers = [];
    for (const segment of rest) {
      const dash = segment.indexOf("-");
      if (dash < 1) return null;
      answers.push([decodeURIComponent(segment.slice(0, dash)), decodeURIComponent(segment.slice(dash + 1))]);
    }
    return answers;
  }

  // Links were written relative to this page; once the URL changes without a page load
  // they must not move with it. Anchors within the page stay as they are. Of the head's
  // links only those that name a page (the other language's, this one's): setting the href
  // of a stylesheet, icon or prefetch link loads it again (the icon: see remember()).
  for (const link of document.querySelectorAll('a[href], link[rel~="alternate"][href], link[rel~="canonical"][href]')) {
    const href = link.getAttribute("href");
    if (href && !href.startsWith("#")) link.href = link.href;
  }
  // So were the theme's paths (its site's base, its search worker), which its script reads
  // when it starts: at the reader's first interaction (theme-start.js), perhaps after the
  // URL has changed.
  const themeConfig = document.getElementById("__config");
  if (themeConfig) {
    const config = JSON.parse(themeConfig.textContent);
    for (const key of ["base", "search"]) {
      if (typeof config[key] === "string") config[key] = new URL(config[key], pageURL).href;
    }
    themeConfig.textContent = JSON.stringify(config);
  }

  // --- The record: date and time, print --------------------------------------------
  // The page holds a line to write on (for paper and JavaScript off); a <time> with its
  // machine-readable value replaces it once the reader comes to it, or prints. Not at load:
  // the first date formatted loads the language's calendar data, 25 to 45 ms on this
  // project's machines and some four times that on a phone, a long task for a line at the
  // end of the outcome (README, "Lighthouse").
  let recordTimeFormat = null;
  function fillTime(slot) {
    if (slot.querySelector("time")) return;
    recordTimeFormat ??= new Intl.DateTimeFormat(`${language}-BE`, { dateStyle: "full", timeStyle: "short" });
    const now = new Date();
    const time = document.createElement("time");
    time.dateTime = now.toISOString();
    time.textContent = recordTimeFormat.format(now);
    slot.replaceChildren(time);
  }
  const recordInView = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      recordInView.unobserve(entry.target);
      fillTime(entry.target);
    }
  });
  addEventListener("beforeprint", () => {
    for (const slot of root.querySelectorAll("[data-record-time]")) {
      if (!templates.contains(slot)) fillTime(slot);
    }
  });
  function fillRecord(scope) {
    for (const slot of scope.querySelectorAll("[data-record-time]")) recordInView.observe(slot);
    for (const button of scope.querySelectorAll("[data-print]")) {
      button.hidden = false;
      button.onclick = () => window.print();
    }
  }
  // The outcome this page shows (the templates' are filled when they are shown).
  for (const block of root.querySelectorAll("[data-outcome]")) fillRecord(block);

  // --- Paper that leads back: the state's address and its QR code (macros/paper_code.py)
  // Only where the site's address is known (data-paper-base). The page has the code of its
  // own state, made at build time; a state shown without loading a page gets its code here,
  // drawn from the same address by the encoder shipped with the site, without a request.
  const paperBase = root.dataset.paperBase ? new URL(root.dataset.paperBase) : null;
  const SVG = "http://www.w3.org/2000/svg";
  function paperCode(address) {
    const code = window.qrcode(0, "M"); // the smallest version for the address, 15 % recovery
    code.addData(address, "Byte");
    code.make();
    // Each row's runs of dark modules, inside the standard's quiet zone of 4 modules.
    const count = code.getModuleCount();
    const border = 4;
    let path = "";
    for (let row = 0; row < count; row += 1) {
      for (let column = 0; column < count; ) {
        if (!code.isDark(row, column)) {
          column += 1;
          continue;
        }
        const start = column;
        while (column < count && code.isDark(row, column)) column += 1;
        path += `M${start + border} ${row + border}h${column - start}v1h${start - column}z`;
      }
    }
    const svg = document.createElementNS(SVG, "svg");
    const side = count + 2 * border;
    svg.setAttribute("viewBox", `0 0 ${side} ${side}`);
    svg.setAttribute("class", "cw-paper-link__code");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const shape = document.createElementNS(SVG, "path");
    shape.setAttribute("d", path);
    shape.setAttribute("fill", "#000");
    svg.append(shape);
    return svg;
  }
  function fillPaperLink(block, answers) {
    const line = block.querySelector("[data-paper-link]");
    if (!line || !paperBase) return;
    const address = new URL(statePath(answers), paperBase).href;
    line.querySelector("[data-paper-address]").textContent = address;
    line.querySelector(".cw-paper-link__code")?.remove();
    // Without the encoder (its script not loaded), the address alone: still true.
    if (typeof window.qrcode === "function") line.prepend(paperCode(address));
  }

  // --- Showing a state -------------------------------------------------------------
  const shown = () =>
    [...root.querySelectorAll("[data-question], [data-outcome]")].filter((e) => !templates.contains(e));
  // The static page's question: its hours' suggestion as soon as the page runs scripts.
  for (const block of shown()) suggestAnswer(block);

  function questionLabel(question) {
    return templates.querySelector(`[data-template-question="${CSS.escape(question)}"] h2`).textContent;
  }

  function optionLabel(question, option) {
    return templates
      .querySelector(`[data-template-question="${CSS.escape(question)}"] [data-template-option="${CSS.escape(option)}"]`)
      .textContent;
  }

  function answerItem(question, option) {
    const item = document.createElement("li");
    item.dataset.answer = question;
    const strong = document.createElement("strong");
    strong.textContent = questionLabel(question);
    const value = document.createElement("span");
    value.textContent = optionLabel(question, option);
    const change = document.createElement("a");
    change.className = "cw-change";
    change.textContent = texts.change;
    change.setAttribute("aria-label", texts.change_label.replace("{question}", () => questionLabel(question)));
    item.append(strong, document.createElement("br"), value, " ", change);
    return item;
  }

  // --- The contact-time question: which answer the published hours give now -----------
  // In Belgian time whatever the device's zone; a suggestion the reader confirms.
  function suggestAnswer(block) {
    const aside = block.querySelector("[data-hours]");
    if (!aside) return;
    const hours = JSON.parse(aside.dataset.hours);
    const now = new Date();
    const part = (options) =>
      Object.fromEntries(
        new Intl.DateTimeFormat("en-GB", { timeZone: hours.zone, hourCycle: "h23", ...options })
          .formatToParts(now)
          .map(({ type, value }) => [type, value]),
      );
    const { weekday, hour } = part({ weekday: "short", hour: "2-digit" });
    const isoDay = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(weekday) + 1;
    const open = hours.weekdays.includes(isoDay) && Number(hour) >= hours.opens && Number(hour) < hours.closes;
    const shownTime = new Intl.DateTimeFormat(`${language}-BE`, {
      timeZone: hours.zone,
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
    }).format(now);
    const line = aside.querySelector("[data-hours-now]");
    line.textContent = (open ? texts.hours_now.open : texts.hours_now.closed).replace("{time}", () => shownTime);
    line.hidden = false;
    block.dataset.suggested = open ? "open" : "closed";
    const option = block.querySelector(`[data-option="${open ? "open" : "closed"}"]`);
    if (option && !option.querySelector(".cw-suggested")) {
      const badge = document.createElement("span");
      badge.className = "cw-suggested";
      badge.textContent = ` (${texts.suggested})`;
      option.append(badge);
    }
  }

  // An outcome's template holds every passage and divergence it may show: keep this path's.
  function keepPathSources(block, next) {
    for (const passage of block.querySelectorAll("[data-passage]")) {
      if (!next.sources.includes(passage.dataset.passage)) passage.remove();
    }
    for (const divergence of block.querySelectorAll("[data-divergence]")) {
      if (divergence.dataset.divergence !== next.divergence) divergence.remove();
    }
    for (const condition of block.querySelectorAll("[data-condition]")) {
      if (!next.conditions.includes(condition.dataset.condition)) condition.remove();
    }
  }

  function instantiate(kind, id) {
    const template = templates.querySelector(`[data-template-${kind}="${CSS.escape(id)}"]`);
    const block = template.cloneNode(true);
    block.removeAttribute(`data-template-${kind}`);
    block.setAttribute(`data-${kind}`, id);
    for (const option of block.querySelectorAll("[data-template-option]")) {
      option.dataset.option = option.dataset.templateOption;
      option.removeAttribute("data-template-option");
    }
    return block;
  }

  function render(answers, next) {
    answersList.replaceChildren(...answers.map(([q, o]) => answerItem(q, o)));
    answers.forEach(([q], position) => {
      answersList.children[position].querySelector(".cw-change").href = stateURL(answers.slice(0, position));
    });
    answersSection.hidden = answers.length === 0;
    restartLine.hidden = answers.length === 0;
    restartLine.querySelector("a").href = stateURL([]);

    const block = instantiate(next.kind, next.id);
    if (next.kind === "question") {
      block.setAttribute("aria-labelledby", "cw-question-label");
      block.querySelector("h2").id = "cw-question-label";
      for (const option of block.querySelectorAll("[data-option]")) {
        option.href = stateURL([...answers, [next.id, option.dataset.option]]);
        if (next.current === option.dataset.option) option.setAttribute("aria-current", "true");
      }
      suggestAnswer(block);
    } else {
      keepPathSources(block, next);
      fillRecord(block);
      fillPaperLink(block, answers);
    }
    for (const old of shown()) old.remove();
    restartLine.before(block);
    const intro = root.querySelector(".cw-checker__intro");
    if (intro) intro.hidden = answers.length > 0;

    // The language switcher leads to the same state in the other language.
    for (const link of document.querySelectorAll(".md-select__link[hreflang]")) {
      link.href = stateURL(answers, new URL(`${link.hreflang}/checker/`, siteRoot));
    }
    // Screen readers and keyboards follow the new question or outcome.
    block.querySelector("h2").focus({ preventScroll: false });
  }

  // --- The flow ----------------------------------------------------------------------
  let call = null; // set once Python is ready
  let answers = initialAnswers;
  // Answers after the one being changed, kept while it is changed; or answers a link gave
  // to questions not asked yet, kept until they are.
  let later = [];

  // Chromium asks for the icon again when the address changes, under the new address's
  // folder (a 404): its link is made absolute before the first change, not at load (setting
  // it loads the icon again, here once, from the cache, and only if the reader answers).
  let iconInPlace = false;
  function keepTheIconInPlace() {
    if (iconInPlace) return;
    iconInPlace = true;
    for (const link of document.querySelectorAll('link[rel~="icon"][href]')) link.href = link.href;
  }

  // The state goes into the address and the history when the browser lets it: WebKit refuses
  // a 101st pushState or replaceState within 10 seconds (a SecurityError). The page already
  // shows the state, which is what matters; only the address and the back button lag.
  function remember(state, url, { replace = false } = {}) {
    if (new URL(url, location.href).href !== location.href) keepTheIconInPlace();
    try {
      if (replace) history.replaceState(state, "", url);
      else history.pushState(state, "", url);
    } catch {
      // Refused: the checker goes on.
    }
  }

  function nextOf(result) {
    return result.status === "outcome"
      ? {
          kind: "outcome",
          id: result.outcome,
          sources: result.sources,
          divergence: result.divergence,
          conditions: result.conditions,
        }
      : { kind: "question", id: result.question };
  }

  async function go(method, wanted, { push = true, current } = {}) {
    const result = await call(method, wanted);
    if (result.status === "error") {
      showProblems(result.problems);
      return;
    }
    answers = Object.entries(result.answers);
    // Answers to later questions (an older link's): used when their question comes.
    later = result.pending;
    render(answers, { ...nextOf(result), current });
    if (push) remember({ answers }, historyURL(answers));
  }

  function answer(question, option) {
    const wanted = [...answers, [question, option], ...later];
    const method = later.length ? "settle" : "decide";
    later = [];
    return go(method, wanted);
  }

  function change(question) {
    const position = answers.findIndex(([q]) => q === question);
    if (position < 0) return;
    const current = answers[position][1];
    later = answers.slice(position + 1);
    answers = answers.slice(0, position);
    render(answers, { kind: "question", id: question, current });
    remember({ answers }, historyURL(answers));
  }

  function showProblems(problems) {
    let alert = root.querySelector(".cw-problems");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "admonition failure cw-problems";
      alert.setAttribute("role", "alert");
      root.prepend(alert);
    }
    const title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = texts.bad_link;
    const list = document.createElement("ul");
    for (const problem of problems) {
      const item = document.createElement("li");
      // Text only: whatever the link carried is shown, never interpreted; in one pass, so
      // that a "{value}" or "$&" in what it carried is shown as such, not filled again.
      item.textContent = (texts.problems[problem.code] || problem.code).replace(
        /\{(question|value|expected)\}/g,
        (_, hole) => problem[hole],
      );
      list.append(item);
    }
    const restart = document.createElement("a");
    restart.href = stateURL([]);
    restart.className = "md-button";
    restart.textContent = restartLine.querySelector("a").textContent;
    alert.replaceChildren(title, list, restart);
  }

  root.addEventListener("click", (event) => {
    // "Restart" and "choose the cause again" (cause_elsewhere) both lead to the first
    // question; a link with a data-state leads to that state.
    const link = event.target.closest(
      "a[data-option], a.cw-change, a.cw-restart, a.cw-choose-cause, a.cw-go-state[data-state]",
    );
    if (!call || !link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // before Python is ready, or opened elsewhere: the link does its job
    }
    event.preventDefault();
    root.querySelector(".cw-problems")?.remove();
    if (link.dataset.option) {
      answer(link.closest("[data-question]").dataset.question, link.dataset.option);
    } else if (link.classList.contains("cw-change")) {
      change(link.closest("[data-answer]").dataset.answer);
    } else if (link.dataset.state) {
      later = [];
      go("decide", pairs(link.dataset.state), {});
    } else {
      later = [];
      go("decide", [], {});
    }
  });

  // Space answers too, as on a button.
  root.addEventListener("keydown", (event) => {
    if (event.key === " " && event.target.matches("a[data-option]")) {
      event.preventDefault();
      event.target.click();
    }
  });

  window.addEventListener("popstate", (event) => {
    if (!call) return;
    // No state of ours: a move to an anchor of this page (its answers are those of the
    // entry it left) or an entry typed by hand.
    let target = event.state?.answers;
    if (!target) {
      try {
        target = fromFileSystem ? pairs(location.search) : answersFromURL(location.href);
      } catch {
        target = null; // a malformed %-escape in the path
      }
    }
    if (!target) return location.reload();
    if (JSON.stringify(target) === JSON.stringify(answers)) return;
    later = [];
    go("decide", target, { push: false });
  });

  // --- Starting Python (python.js starts it once the page is shown) ------------------
  // python.js is loaded async, so it may run after this script; by the page's load event it
  // has run, or failed to load (cwStartPython then missing: Python cannot start).
  const pythonScript = () =>
    window.cwStartPython || document.readyState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => {
          window.addEventListener("cw-python-script", resolve, { once: true });
          window.addEventListener("load", resolve, { once: true });
        });

  async function start() {
    try {
      await pythonScript();
      const python = await window.cwStartPython();
      call = python.call;
      root.dataset.pythonStart = python.snapshot ? "snapshot" : "fresh";
    } catch (error) {
      statusLine.textContent = texts.python_failed;
      console.warn("checker: Python could not start:", error);
      return;
    }
    root.dataset.checkerMode = "python";
    remember({ answers }, location.href, { replace: true });
    const linked = pairs(location.search);
    if (linked.length || location.href.endsWith("?")) {
      // A deep link by query (?cause=provider&...): Python says where it leads, or why not.
      // On a state's page, answers the query adds come after the page's own (the query this
      // script writes from the file system starts with them: taken as it is).
      const sameAt = (at, [question, option]) => linked[at]?.[0] === question && linked[at]?.[1] === option;
      const ownFirst = initialAnswers.every((answer, at) => sameAt(at, answer));
      const result = await call("decide", !linked.length || ownFirst ? linked : [...initialAnswers, ...linked]);
      if (result.status === "error") showProblems(result.problems);
      else {
        answers = Object.entries(result.answers);
        later = result.pending;
        render(answers, nextOf(result));
        remember({ answers }, historyURL(answers), { replace: true });
      }
    }
  }

  requestAnimationFrame(() => setTimeout(start, 0));
})();
