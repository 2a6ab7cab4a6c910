/* The listing of step 3.3, filled in the browser.
 *
 * The blank table of the page becomes a form: header fields and rows to type in, rows to
 * add and remove, a block pasted from a spreadsheet, a CSV crew list imported. Each
 * identification number is checked by the project's Python (checker/identity.py with
 * python-stdnum) running in Pyodide, and its problem shown next to it, in the page's
 * language; nothing typed is changed. Until Python is ready, or if it cannot start, the
 * form works and prints, without the checks.
 *
 * What is typed is personal data: it is only ever put in inputs' values and in text nodes,
 * never sent, and kept (in this browser's localStorage) only if the reader asks.
 */
(() => {
  "use strict";

  const listing = document.querySelector("[data-listing]");
  const tools = document.querySelector("[data-listing-tools]");
  if (!listing || !tools) return;

  const texts = JSON.parse(document.querySelector("[data-listing-texts]").textContent);
  const body = listing.querySelector("tbody");
  const status = tools.querySelector("[data-listing-status]");
  const problemsBox = tools.querySelector("[data-listing-problems]");
  const keep = tools.querySelector("[data-listing-keep]");
  const STORAGE_KEY = "checkinatwork-guide.listing";
  // checker/crew.py's MAX_ROWS; a file larger than any such list is refused before it is read.
  const MAX_ROWS = 5000;
  const MAX_FILE_BYTES = 8_000_000;
  const SHOWN_PROBLEMS = 20;
  const COLUMNS = ["identifier", "name", "first_name"];
  const BLANK_ROWS = body.rows.length;

  // In one pass, with a function: a "{line}" or "$&" inside a value is shown as such.
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (hole, name) => (Object.hasOwn(values, name) ? String(values[name]) : hole));

  let python = null; // {call} once ready

  // --- The form ------------------------------------------------------------------------
  // The inputs are in the page (docs/pages/_listing_form.md): laid out with the first paint,
  // not after it. Each input has a twin span that prints in its place: the values of a
  // repeated table head (the header fields on every page) print only as text.
  function mirror(input) {
    const printed = input.nextElementSibling;
    if (!printed?.classList.contains("cw-listing__printed")) return;
    let text = input.value;
    const limosa = input.closest("td")?.querySelector("[data-limosa]");
    if (limosa?.checked && text.trim()) text += ` (${texts.limosa})`;
    printed.textContent = text;
  }

  const fields = {};
  for (const cell of listing.querySelectorAll("[data-field]")) fields[cell.dataset.field] = cell.querySelector("input");

  // A browser going back to the page may give the Limosa boxes their former state, not the
  // values beside them (autocomplete off): the boxes start unchecked, as the values do.
  for (const box of body.querySelectorAll("[data-limosa]")) box.checked = false;
  // A new row is a copy of the page's first, blank; renumber() gives it its number.
  const blankRow = body.rows[0].cloneNode(true);
  const makeRow = () => blankRow.cloneNode(true);

  const rows = () => [...body.rows];
  const inputOf = (row, column) => row.querySelector(`input[data-column="${column}"]`);

  function renumber() {
    rows().forEach((row, index) => {
      const number = index + 1;
      row.querySelector(".cw-listing__number span").textContent = String(number);
      row.querySelector(".cw-listing__remove").setAttribute("aria-label", fill(texts.remove_row, { number }));
      for (const column of COLUMNS) {
        inputOf(row, column).setAttribute("aria-label", fill(texts.cell_label, { column: texts.columns[column], number }));
      }
      const message = row.querySelector("[data-message]");
      message.id = `cw-listing-message-${number}`;
      inputOf(row, "identifier").setAttribute("aria-describedby", message.id);
      row.querySelector("[data-limosa]").setAttribute("aria-label", fill(texts.limosa_label, { number }));
    });
  }

  function addRows(count) {
    for (let i = 0; i < count; i++) body.append(makeRow());
    renumber();
  }

  // --- Reading and writing the whole form (import, storage) ---------------------------
  function values() {
    return {
      fields: Object.fromEntries(Object.entries(fields).map(([name, input]) => [name, input.value])),
      rows: rows().map((row) => ({
        cells: COLUMNS.map((column) => inputOf(row, column).value),
        limosa: row.querySelector("[data-limosa]").checked,
      })),
    };
  }

  function isEmpty(row) {
    return COLUMNS.every((column) => inputOf(row, column).value.trim() === "");
  }

  // Where a pasted or imported list goes: from the row pasted into (none for an import), but
  // never over a filled row: after the last one when the rows below are not all empty.
  function firstFreeRow(startRow) {
    const all = rows();
    let lastFilled = all.length - 1;
    while (lastFilled >= 0 && isEmpty(all[lastFilled])) lastFilled--;
    return Math.max(all.indexOf(startRow), lastFilled + 1);
  }

  // Writes the rows from index on, adding rows as needed.
  function setRows(index, cellsList) {
    const needed = index + cellsList.length - rows().length;
    if (needed > 0) addRows(needed);
    const all = rows();
    cellsList.forEach((cells, offset) => {
      const row = all[index + offset];
      COLUMNS.forEach((column, position) => {
        inputOf(row, column).value = cells[position] ?? "";
        mirror(inputOf(row, column));
      });
    });
    renumber();
    checkAll();
    changed();
  }

  // --- Checks ---------------------------------------------------------------------------
  function show(row, result) {
    const input = inputOf(row, "identifier");
    const message = row.querySelector("[data-message]");
    message.classList.toggle("cw-listing__message--problem", !result.valid && result.kind !== "limosa");
    if (result.valid) {
      const valid = result.note === "birth_date_unknown" ? texts.valid_date_unknown : texts.valid;
      message.textContent = fill(valid[result.kind], { formatted: result.formatted });
    } else {
      let text = fill(texts.problems[result.problem], { digits: result.digits });
      if (result.kind === null && result.problem !== "empty") text += ` ${texts.maybe_limosa}`;
      message.textContent = text;
    }
    input.setAttribute("aria-invalid", String(!result.valid && result.kind !== "limosa"));
  }

  function clear(row) {
    row.querySelector("[data-message]").textContent = "";
    inputOf(row, "identifier").removeAttribute("aria-invalid");
  }

  let checking = Promise.resolve();
  function check(targets) {
    if (!python) return checking;
    const list = targets.filter((row) => row.isConnected);
    const asked = [];
    for (const row of list) {
      if (isEmpty(row)) clear(row);
      else asked.push(row);
    }
    if (!asked.length) return checking;
    const items = asked.map((row) => [inputOf(row, "identifier").value, row.querySelector("[data-limosa]").checked]);
    checking = python.call("check_ids", items).then((results) => {
      asked.forEach((row, index) => {
        // Only if the row still holds what was checked: a later check will follow otherwise.
        if (row.isConnected && inputOf(row, "identifier").value === items[index][0]) show(row, results[index]);
      });
      listing.dataset.checked = String(Date.now());
    });
    return checking;
  }
  const checkAll = () => check(rows());

  const pendingChecks = new Set();
  let checkTimer = 0;
  function checkSoon(row) {
    pendingChecks.add(row);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => {
      const targets = [...pendingChecks];
      pendingChecks.clear();
      check(targets);
    }, 120);
  }

  // --- Keeping on this device, only if asked -------------------------------------------
  function save() {
    if (keep.checked) localStorage.setItem(STORAGE_KEY, JSON.stringify(values()));
  }

  // The print button says what it prints: the blank listing, or the one filled in here.
  const printButton = document.querySelector(".cw-listing-actions [data-print]");
  function labelPrint() {
    const { fields: header, rows: kept } = values();
    const filled = Object.values(header).some((v) => v.trim()) || kept.some((r) => r.cells.some((c) => c.trim()));
    if (printButton) printButton.textContent = filled ? texts.print.filled : texts.print.blank;
  }

  // After every change: kept if asked, and the print button's words.
  function changed() {
    save();
    labelPrint();
  }

  // What was kept is read as plain strings whatever its shape: on file:// every page opened
  // from the disk shares this storage, so it is input like any other.
  const keptText = (value) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

  function restore() {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    } catch {
      kept = null;
    }
    if (!kept || typeof kept !== "object" || !Array.isArray(kept.rows)) return;
    const saved = kept.rows.filter((item) => item && typeof item === "object").slice(0, MAX_ROWS);
    keep.checked = true;
    for (const [name, input] of Object.entries(fields)) {
      input.value = keptText(kept.fields?.[name]);
      mirror(input);
    }
    // The page's rows are blank still: only those the kept list needs more are added.
    if (saved.length > BLANK_ROWS) addRows(saved.length - BLANK_ROWS);
    saved.forEach((item, index) => {
      const row = rows()[index];
      row.querySelector("[data-limosa]").checked = item.limosa === true;
      COLUMNS.forEach((column, position) => {
        inputOf(row, column).value = keptText(Array.isArray(item.cells) ? item.cells[position] : "");
        mirror(inputOf(row, column));
      });
    });
  }

  keep.addEventListener("change", () => {
    if (keep.checked) save();
    else localStorage.removeItem(STORAGE_KEY);
  });

  tools.querySelector("[data-listing-erase]").addEventListener("click", () => {
    localStorage.removeItem(STORAGE_KEY);
    keep.checked = false;
    for (const input of Object.values(fields)) {
      input.value = "";
      mirror(input);
    }
    body.replaceChildren();
    addRows(BLANK_ROWS);
    problemsBox.replaceChildren();
    labelPrint();
  });

  // --- Typing, pasting, importing -------------------------------------------------------
  body.addEventListener("input", (event) => {
    mirror(event.target);
    const row = event.target.closest("tr");
    if (row) checkSoon(row);
    changed();
  });
  body.addEventListener("change", (event) => {
    if (event.target.matches("[data-limosa]")) {
      const row = event.target.closest("tr");
      mirror(inputOf(row, "identifier"));
      checkSoon(row);
    }
    changed();
  });
  for (const input of Object.values(fields)) {
    input.addEventListener("input", () => {
      mirror(input);
      changed();
    });
  }

  body.addEventListener("click", (event) => {
    const remove = event.target.closest(".cw-listing__remove");
    if (!remove) return;
    const position = rows().indexOf(remove.closest("tr"));
    const hadFocus = document.activeElement === remove;
    remove.closest("tr").remove();
    if (!rows().length) addRows(1);
    renumber();
    changed();
    // The keyboard stays where it was: on the row that took the removed one's place.
    if (hadFocus) rows()[Math.min(position, rows().length - 1)].querySelector(".cw-listing__remove").focus();
  });

  tools.querySelector("[data-listing-add]").addEventListener("click", () => {
    addRows(5);
    changed();
  });

  // What became of a pasted or imported list: the rows added and where, then its problems.
  function showCrewProblems(problems, { columns = COLUMNS, added = 0, first = 0 } = {}) {
    const paragraph = (text) => {
      const item = document.createElement("p");
      item.textContent = text;
      return item;
    };
    const order = columns.map((column) => texts.crew_columns[column]).join(", ");
    const shown = added ? [paragraph(fill(texts.imported, { rows: added, first }))] : [];
    shown.push(...problems.slice(0, SHOWN_PROBLEMS).map(([line, code]) => paragraph(fill(texts.crew[code], { line, order }))));
    if (problems.length > SHOWN_PROBLEMS) {
      shown.push(paragraph(fill(texts.crew.more, { count: problems.length - SHOWN_PROBLEMS })));
    }
    problemsBox.replaceChildren(...shown);
  }

  // The text of an imported file, or why it has none. A CSV saved by Excel is often UTF-16
  // ("Unicode text") or Windows-1252 ("CSV"): both are read, and the reader told; a workbook
  // or other binary file is refused with what to do instead.
  const startsWith = (bytes, ...signature) => signature.every((byte, index) => bytes[index] === byte);
  function decodeCrewFile(bytes) {
    if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder("utf-16le").decode(bytes), notice: "utf_16" };
    if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder("utf-16be").decode(bytes), notice: "utf_16" };
    // A zip (xlsx, ods) or an OLE compound file (xls).
    if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return { problem: "workbook" };
    if (bytes.includes(0) || startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return { problem: "not_text" }; // or "%PDF"
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { text: new TextDecoder("windows-1252").decode(bytes), notice: "windows_1252" };
    }
  }

  // Without Python, a list is split plainly: lines, then tabs, in the form's column order
  // (which the reader is told), refused whole if too long as Python would.
  function plainCrew(text) {
    const lines = text
      .replace(/^\uFEFF/, "")
      .split(/\r\n|\r|\n/)
      .filter((line) => line.trim())
      .map((line) => line.split("\t").map((cell) => cell.trim()));
    if (lines.length > MAX_ROWS) return { rows: [], problems: [[0, "too_large"]] };
    return { rows: lines, problems: lines.length ? [[0, "columns_guessed"]] : [[0, "empty"]] };
  }

  async function readCrew(text) {
    if (python) return python.call("parse_crew", { text, headers: texts.crew_headers });
    return plainCrew(text);
  }

  // A list read goes in whole after the rows already filled, or not at all.
  function addCrew(crew, startRow, notices = []) {
    const problems = [...notices, ...crew.problems];
    if (!crew.rows.length) {
      showCrewProblems(problems);
      return;
    }
    const index = firstFreeRow(startRow);
    if (index + crew.rows.length > MAX_ROWS) {
      showCrewProblems([...notices, [0, "form_full"]]);
      return;
    }
    setRows(index, crew.rows);
    showCrewProblems(problems, { columns: crew.columns, added: crew.rows.length, first: index + 1 });
  }

  body.addEventListener("paste", async (event) => {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!/[\t\n\r]/.test(text.trim())) return; // one value: the input takes it as usual
    event.preventDefault();
    addCrew(await readCrew(text), event.target.closest("tr"));
  });

  tools.querySelector("[data-listing-import]").addEventListener("change", async (event) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      showCrewProblems([[0, "too_large"]]);
      return;
    }
    const decoded = decodeCrewFile(new Uint8Array(await file.arrayBuffer()));
    if (decoded.problem) {
      showCrewProblems([[0, decoded.problem]]);
      return;
    }
    addCrew(await readCrew(decoded.text), null, decoded.notice ? [[0, decoded.notice]] : []);
  });

  // --- Printing: pages of their own ------------------------------------------------------
  // The rows print as pages of a fixed number of rows, each a table with the header fields
  // and their values and its own "Page N of M" as text: only Chromium draws page-margin
  // boxes (@page @bottom-right) and repeats a table's head on every printed page. Built at
  // print time from the form's values, as text, beside the form (which does not print and
  // stays as it is: values, focus, checks), and taken away after printing.
  // An A4 page holds 25 rows under the title and the introduction (the blank listing's
  // number), 30 on the pages after, with room left for a name on two lines.
  const FIRST_PAGE_ROWS = 25;
  const PAGE_ROWS = 30;
  // The page-margin page number of the blank listing printed without scripts.
  const marginPageNumbers = document.querySelector("style[data-page-numbers]");
  const printMedia = window.matchMedia("print");

  function printedPage(header, pageRows, firstNumber, pageNumber, pageCount) {
    const table = document.createElement("table");
    table.className = "cw-listing__page-table"; // the theme styles class-less tables its own way
    table.append(listing.querySelector("colgroup").cloneNode(true));
    const head = listing.querySelector("thead").cloneNode(true);
    for (const cell of head.querySelectorAll("[data-field]")) {
      cell.replaceChildren(header[cell.dataset.field]);
      delete cell.dataset.field;
    }
    const rowsBody = document.createElement("tbody");
    pageRows.forEach((item, index) => {
      const line = document.createElement("tr");
      const identifier = item.cells[0].trim() && item.limosa ? `${item.cells[0]} (${texts.limosa})` : item.cells[0];
      for (const [text, className] of [[String(firstNumber + index), "cw-listing__number"], [identifier], [item.cells[1]], [item.cells[2]]]) {
        const cell = document.createElement("td");
        if (className) cell.className = className;
        cell.textContent = text;
        line.append(cell);
      }
      rowsBody.append(line);
    });
    table.append(head, rowsBody);
    const number = document.createElement("p");
    number.className = "cw-listing__page-number";
    number.textContent = fill(texts.page_of, { page: pageNumber, pages: pageCount });
    const page = document.createElement("section");
    page.className = "cw-listing__page";
    page.append(table, number);
    return page;
  }

  // The form does not print: the focused input, hidden, loses the focus; it gets it back.
  let focusedBeforePrint = null;

  function paginate() {
    // Once per printing (the events may come twice): the form is already hidden the second time.
    if (!("printing" in listing.dataset)) {
      focusedBeforePrint = listing.contains(document.activeElement) ? document.activeElement : null;
    }
    listing.querySelector("[data-listing-pages]")?.remove();
    const { fields: header, rows: all } = values();
    const chunks = [all.slice(0, FIRST_PAGE_ROWS)];
    for (let start = FIRST_PAGE_ROWS; start < all.length; start += PAGE_ROWS) chunks.push(all.slice(start, start + PAGE_ROWS));
    const pages = document.createElement("div");
    pages.className = "cw-listing__pages";
    pages.dataset.listingPages = "";
    pages.setAttribute("aria-hidden", "true"); // a copy of the form, for paper only
    let firstNumber = 1;
    chunks.forEach((chunk, index) => {
      pages.append(printedPage(header, chunk, firstNumber, index + 1, chunks.length));
      firstNumber += chunk.length;
    });
    listing.append(pages);
    listing.dataset.printing = "";
    if (marginPageNumbers?.sheet) marginPageNumbers.sheet.disabled = true;
  }

  function unpaginate() {
    if (!("printing" in listing.dataset)) return;
    listing.querySelector("[data-listing-pages]")?.remove();
    delete listing.dataset.printing;
    if (marginPageNumbers?.sheet) marginPageNumbers.sheet.disabled = false;
    if (focusedBeforePrint?.isConnected && document.activeElement !== focusedBeforePrint) {
      focusedBeforePrint.focus({ preventScroll: true });
    }
    focusedBeforePrint = null;
  }

  // beforeprint and afterprint in every engine; the print media's change as well, for
  // print previews and emulated print media, which show the page without those events.
  window.addEventListener("beforeprint", paginate);
  window.addEventListener("afterprint", () => {
    if (!printMedia.matches) unpaginate();
  });
  printMedia.addEventListener("change", () => (printMedia.matches ? paginate() : unpaginate()));

  // --- Start ------------------------------------------------------------------------------
  // python.js is loaded async, so it may run after this script; by the page's load event it
  // has run, or failed to load (cwStartPython then missing: Python cannot start).
  const pythonScript = () =>
    window.cwStartPython || document.readyState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => {
          window.addEventListener("cw-python-script", resolve, { once: true });
          window.addEventListener("load", resolve, { once: true });
        });
  restore();
  labelPrint();
  tools.hidden = false;
  status.textContent = texts.checking;
  listing.dataset.python = "loading";

  requestAnimationFrame(() =>
    setTimeout(async () => {
      try {
        await pythonScript();
        python = await window.cwStartPython();
      } catch (error) {
        listing.dataset.python = "failed";
        status.textContent = texts.failed;
        console.warn("listing: Python could not start:", error);
        return;
      }
      listing.dataset.python = "ready";
      status.textContent = texts.ready;
      checkAll();
    }, 0),
  );
})();
