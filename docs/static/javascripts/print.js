/* A print button for the pages that offer one (hidden without JavaScript: the browser's
 * own print command does the same). */
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
