// The paths of the flow walked in the in-page checker by the page's own clicks: one call
// to the page per group of paths, where a click made by the test driver costs several
// round trips each (Firefox's, WebKit's and Chromium's harnesses all evaluate this
// function). Each answer is clicked once its question is shown; then the outcome shown is
// read (its id, the passages, divergences and conditions it names, its title, the answers
// listed, the page's address), and "restart" clicked. Resolves to one such reading a path;
// rejects, naming the question or outcome, if one is not shown within timeoutMs.
// look(answers so far), if given, is awaited at each state shown: before each answer is
// clicked, and at the outcome.
async (paths, timeoutMs, look = async () => {}) => {
  const root = document.querySelector("[data-checker-mode]");
  const live = (selector) => root.querySelector(`.cw-checker > ${selector}`);
  const until = (find, what) =>
    new Promise((resolve, reject) => {
      const found = find();
      if (found) return resolve(found);
      const observer = new MutationObserver(() => {
        const found = find();
        if (found) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(found);
        }
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`not shown within ${timeoutMs} ms: ${what}`));
      }, timeoutMs);
      observer.observe(root, { childList: true, subtree: true, attributes: true });
    });
  const ids = (element, selector, name) =>
    [...element.querySelectorAll(selector)].map((found) => found.getAttribute(name));
  const readings = [];
  for (const [answers] of paths) {
    for (const [position, [question, option]] of answers.entries()) {
      const choice = await until(
        () => live(`[data-question="${question}"] [data-option="${option}"]`),
        `${question}=${option}`,
      );
      await look(answers.slice(0, position));
      choice.click();
    }
    const outcome = await until(() => live("[data-outcome]"), `the outcome of ${JSON.stringify(answers)}`);
    await look(answers);
    readings.push({
      outcome: outcome.dataset.outcome,
      shown: [...root.querySelectorAll(".cw-checker > [data-question], .cw-checker > [data-outcome]")].map(
        (element) => element.dataset.question ?? element.dataset.outcome,
      ),
      title: outcome.querySelector("h2").textContent,
      passages: ids(outcome, ".cw-passage", "data-passage"),
      divergences: ids(outcome, "[data-divergence]", "data-divergence"),
      conditions: ids(outcome, "[data-condition]", "data-condition"),
      answers: root.querySelectorAll(".cw-answers li").length,
      url: location.href,
    });
    root.querySelector(".cw-restart").click();
    await until(() => !live("[data-outcome]") && live('[data-question="cause"]'), "the first question again");
  }
  return readings;
}
