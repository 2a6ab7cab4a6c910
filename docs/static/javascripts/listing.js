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
 * never sent, and kept (in this browser's localStorage) only if the reader asks; across a
 * reload the guide asks for, it is handed over in this tab's sessionStorage and taken back.
 */
(() => {
  "use strict";

  const listing = document.querySelector("[data-listing]");
  const tools = document.querySelector("[data-listing-tools]");
  if (!listing || !tools) return;

  const texts = JSON.parse(document.querySelector("[data-listing-texts]").textContent);
  const table = listing.querySelector("table");
  const status = tools.querySelector("[data-listing-status]");
  const problemsBox = tools.querySelector("[data-listing-problems]");
  const keep = tools.querySelector("[data-listing-keep]");
  const STORAGE_KEY = "checkinatwork-guide.listing";
  // checker/crew.py's MAX_ROWS; a file larger than any such list is refused before it is read.
  const MAX_ROWS = 5000;
  const MAX_FILE_BYTES = 8_000_000;
  const SHOWN_PROBLEMS = 20;
  const COLUMNS = ["identifier", "name", "first_name"];
  // The rows sit in groups (tbody elements) of GROUP_ROWS: on screen the browser lays out
  // and paints only the groups in view (content-visibility in guide.css), so that a crew of
  // thousands costs what a screenful does. A long list is written, and its checks shown,
  // in tasks of at most TASK_MS each (fewer rows on a slower device): the page keeps
  // answering the reader in between.
  const GROUP_ROWS = 100;
  const TASK_MS = 40;
  const HEAD_ROWS = table.tHead.rows.length;
  const BLANK_ROWS = table.rows.length - HEAD_ROWS;

  // In one pass, with a function: a "{line}" or "$&" inside a value is shown as such.
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (hole, name) => (Object.hasOwn(values, name) ? String(values[name]) : hole));
  // Counts written as the page's language writes numbers ("5 000", "5.000", "5,000"), as the
  // build writes them in the texts (Babel).
  const formatCount = (count) => new Intl.NumberFormat(document.documentElement.lang).format(count);
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  // Does work(item) for each item, yielding to the page whenever a task has taken TASK_MS;
  // stops early when goingOn() says no.
  async function inTasks(items, work, goingOn = () => true) {
    let taskStart = performance.now();
    for (const item of items) {
      if (performance.now() - taskStart > TASK_MS) {
        await nextTask();
        if (!goingOn()) return;
        taskStart = performance.now();
      }
      work(item);
    }
  }

  let python = null; // {call} once ready

  // --- The form ------------------------------------------------------------------------
  // The inputs are in the page (docs/pages/_listing_form.md): laid out with the first paint,
  // not after it. Each input has a twin span that prints in its place: the values of a
  // repeated table head (the header fields on every page) print only as text.
  // What prints of a value: without the control and bidirectional characters a list read
  // loses (crew.py's HIDDEN), which could make a name print in another order than typed.
  // The value itself is left as typed.
  const hidden = new RegExp(texts.hidden_characters, "gu");
  const printable = (text) => text.replace(hidden, "");

  function mirror(input, limosa = null) {
    const printed = input.nextElementSibling;
    if (!printed?.classList.contains("cw-listing__printed")) return;
    let text = printable(input.value);
    if (limosa?.checked && text.trim()) text += ` (${texts.limosa})`;
    printed.textContent = text;
  }

  const fields = {};
  for (const cell of listing.querySelectorAll("[data-field]")) fields[cell.dataset.field] = cell.querySelector("input");

  // A new row is a copy of the page's first, blank; numberRow() gives it its number.
  const blankRow = table.tBodies[0].rows[0].cloneNode(true);
  const blankGroup = table.tBodies[0].cloneNode(false);

  // Each row's parts, found once by their place in the row (every row is a copy of one
  // template) rather than searched for at each use: thousands of rows make the difference.
  const placeIn = (root, element) => {
    const path = [];
    for (let node = element; node !== root; node = node.parentElement) path.unshift([...node.parentElement.children].indexOf(node));
    return path;
  };
  const PART_PLACES = Object.fromEntries(
    Object.entries({
      number: ".cw-listing__number span",
      remove: ".cw-listing__remove",
      limosa: "[data-limosa]",
      message: "[data-message]",
      ...Object.fromEntries(COLUMNS.map((column) => [column, `input[data-column="${column}"]`])),
    }).map(([part, selector]) => [part, placeIn(blankRow, blankRow.querySelector(selector))]),
  );
  const partsOfRow = new WeakMap();
  function partsOf(row) {
    let parts = partsOfRow.get(row);
    if (!parts) {
      parts = {};
      for (const [part, path] of Object.entries(PART_PLACES)) parts[part] = path.reduce((node, index) => node.children[index], row);
      parts.inputs = COLUMNS.map((column) => parts[column]);
      partsOfRow.set(row, parts);
    }
    return parts;
  }
  const inputOf = (row, column) => partsOf(row)[column];

  // A browser going back to the page may give the Limosa boxes their former state, not the
  // values beside them (autocomplete off): the boxes start unchecked, as the values do.
  for (const box of table.querySelectorAll("tbody [data-limosa]")) box.checked = false;

  // Counted as rows come and go: a table's rows collection counts them anew at each call.
  let rowCount = table.rows.length - HEAD_ROWS;
  const rows = () => [...table.querySelectorAll(":scope > tbody > tr")];
  const rowAt = (index) => table.rows[HEAD_ROWS + index];
  const nextRow = (row) => row.nextElementSibling ?? row.parentElement.nextElementSibling?.rows[0] ?? null;

  function numberRow(row, number) {
    const parts = partsOf(row);
    parts.number.textContent = String(number);
    parts.remove.setAttribute("aria-label", fill(texts.remove_row, { number }));
    COLUMNS.forEach((column) => {
      parts[column].setAttribute("aria-label", fill(texts.cell_label, { column: texts.columns[column], number }));
    });
    parts.message.id = `cw-listing-message-${number}`;
    parts.identifier.setAttribute("aria-describedby", parts.message.id);
    parts.limosa.setAttribute("aria-label", fill(texts.limosa_label, { number }));
  }

  // The rows' numbers from a place on (after a row removed there).
  function renumber(from = 0) {
    for (let index = from, row = rowAt(from); row; index++, row = nextRow(row)) numberRow(row, index + 1);
  }

  // A blank row at the end, in the last group or a new one.
  function appendRow() {
    let group = table.tBodies[table.tBodies.length - 1];
    if (!group || group.rows.length >= GROUP_ROWS) {
      group = blankGroup.cloneNode(false);
      table.append(group);
    }
    const row = blankRow.cloneNode(true);
    group.append(row);
    rowCount++;
    numberRow(row, rowCount);
    return row;
  }

  function addRows(count) {
    for (let i = 0; i < count; i++) appendRow();
  }

  // --- Reading and writing the whole form (import, storage) ---------------------------
  function values() {
    return {
      fields: Object.fromEntries(Object.entries(fields).map(([name, input]) => [name, input.value])),
      rows: rows().map((row) => {
        const parts = partsOf(row);
        return { cells: parts.inputs.map((input) => input.value), limosa: parts.limosa.checked };
      }),
    };
  }

  function isEmpty(row) {
    return partsOf(row).inputs.every((input) => input.value.trim() === "");
  }

  // Where a pasted or imported list goes: from the row pasted into (none for an import), but
  // never over a filled row: after the last one when the rows below are not all empty.
  function firstFreeRow(startRow) {
    const all = rows();
    let lastFilled = all.length - 1;
    while (lastFilled >= 0 && isEmpty(all[lastFilled])) lastFilled--;
    return Math.max(all.indexOf(startRow), lastFilled + 1);
  }

  function writeRow(row, { cells, limosa }) {
    const parts = partsOf(row);
    parts.limosa.checked = limosa;
    parts.inputs.forEach((input, position) => {
      input.value = cells[position] ?? "";
      mirror(input, position === 0 ? parts.limosa : null);
    });
  }

  // Erasing the form ends a list still being written into it.
  let generation = 0;

  // Writes the items ({cells, limosa}) from the row at index on, adding rows as needed;
  // resolves to the rows written (fewer if the form was erased meanwhile). A row removed
  // meanwhile is not written over: the next row written is the one after the last written.
  async function writeRows(index, items) {
    const started = generation;
    const written = [];
    let row = rowAt(index);
    await inTasks(
      items,
      (item) => {
        if (row && !row.isConnected) {
          const last = written.findLast((done) => done.isConnected);
          row = last ? nextRow(last) : rowAt(index);
        }
        row ??= appendRow();
        writeRow(row, item);
        written.push(row);
        row = nextRow(row);
      },
      () => generation === started,
    );
    return written;
  }

  // --- Checks ---------------------------------------------------------------------------
  function show(row, result) {
    const { identifier: input, message } = partsOf(row);
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
    const { identifier, message } = partsOf(row);
    message.textContent = "";
    identifier.removeAttribute("aria-invalid");
  }

  // The numbers of these rows as Python is asked them: [value, the reader says Limosa L1].
  const checkItem = (row) => [partsOf(row).identifier.value, partsOf(row).limosa.checked];

  // Shows results a chunk per task, each only if its row still holds what was checked (a
  // later check follows an edit).
  async function showResults(asked, items, results) {
    await inTasks(asked.keys(), (index) => {
      const row = asked[index];
      const [value, limosa] = items[index];
      if (!row.isConnected) return;
      const [valueNow, limosaNow] = checkItem(row);
      if (valueNow === value && limosaNow === limosa) show(row, results[index]);
    });
    listing.dataset.checked = String(Date.now());
  }

  let checking = Promise.resolve();
  // Checks the rows; or, given a check already asked for their items (one per row, in the
  // same order), shows its results.
  function check(targets, asking = null) {
    if (!python) return checking;
    const asked = [];
    const places = []; // of the asked rows among the targets
    targets.forEach((row, index) => {
      if (!row.isConnected) return;
      if (isEmpty(row)) clear(row);
      else {
        asked.push(row);
        places.push(index);
      }
    });
    if (!asked.length) return checking;
    const askedItems = asking ? places.map((index) => asking.items[index]) : asked.map(checkItem);
    const results = asking
      ? asking.results.then((found) => places.map((index) => found[index]))
      : python.call("check_ids", askedItems);
    checking = results.then((found) => showResults(asked, askedItems, found));
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
    const filled = Object.values(fields).some((input) => input.value.trim()) || rows().some((row) => !isEmpty(row));
    if (printButton) printButton.textContent = filled ? texts.print.filled : texts.print.blank;
  }

  // Rows are added up to the form's limit, which the page states.
  const addButton = tools.querySelector("[data-listing-add]");

  // After every change: kept if asked, the print button's words, rows to add or not.
  function changed() {
    save();
    labelPrint();
    addButton.disabled = rowCount >= MAX_ROWS;
  }

  // What was kept is read as plain strings whatever its shape: on file:// every page opened
  // from the disk shares this storage, so it is input like any other.
  const keptText = (value) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

  // A reload the guide asks for (a new version, offline.js) never loses the list: it is
  // handed to the reloaded page in this tab's sessionStorage, and taken back at once.
  const HANDOVER_KEY = "checkinatwork-guide.listing.reload";
  window.addEventListener("cw-reload", () => sessionStorage.setItem(HANDOVER_KEY, JSON.stringify(values())));

  const readJSON = (text) => {
    try {
      return JSON.parse(text || "null");
    } catch {
      return null;
    }
  };

  async function restore() {
    const handed = sessionStorage.getItem(HANDOVER_KEY);
    sessionStorage.removeItem(HANDOVER_KEY);
    const stored = localStorage.getItem(STORAGE_KEY);
    const kept = readJSON(handed) ?? readJSON(stored);
    if (!kept || typeof kept !== "object" || !Array.isArray(kept.rows)) return;
    const saved = kept.rows.filter((item) => item && typeof item === "object").slice(0, MAX_ROWS);
    keep.checked = stored !== null;
    for (const [name, input] of Object.entries(fields)) {
      input.value = keptText(kept.fields?.[name]);
      mirror(input);
    }
    // The page's rows are blank still: only those the kept list needs more are added.
    const items = saved.map((item) => ({
      cells: COLUMNS.map((_, position) => keptText(Array.isArray(item.cells) ? item.cells[position] : "")),
      limosa: item.limosa === true,
    }));
    await writeRows(0, items);
  }

  keep.addEventListener("change", () => {
    if (keep.checked) save();
    else localStorage.removeItem(STORAGE_KEY);
  });

  tools.querySelector("[data-listing-erase]").addEventListener("click", () => {
    generation++;
    localStorage.removeItem(STORAGE_KEY);
    keep.checked = false;
    for (const input of Object.values(fields)) {
      input.value = "";
      mirror(input);
    }
    for (const group of [...table.tBodies]) group.remove();
    rowCount = 0;
    addRows(BLANK_ROWS);
    problemsBox.replaceChildren();
    changed();
  });

  // --- Typing, pasting, importing -------------------------------------------------------
  // The rows' inputs, not the header fields' (which have their own listeners below).
  const rowOf = (event) => event.target.closest("tr[data-row]");
  table.addEventListener("input", (event) => {
    const row = rowOf(event);
    if (!row) return;
    mirror(event.target, event.target === inputOf(row, "identifier") ? partsOf(row).limosa : null);
    checkSoon(row);
    changed();
  });
  table.addEventListener("change", (event) => {
    const row = rowOf(event);
    if (!row) return;
    if (event.target === partsOf(row).limosa) {
      mirror(inputOf(row, "identifier"), partsOf(row).limosa);
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

  table.addEventListener("click", (event) => {
    const remove = event.target.closest(".cw-listing__remove");
    if (!remove) return;
    const row = remove.closest("tr");
    const group = row.parentElement;
    const position = rows().indexOf(row);
    const hadFocus = document.activeElement === remove;
    row.remove();
    rowCount--;
    if (!group.rows.length) group.remove();
    if (!rowCount) addRows(1);
    renumber(position);
    changed();
    // The keyboard stays where it was: on the row that took the removed one's place.
    if (hadFocus) partsOf(rowAt(Math.min(position, rowCount - 1))).remove.focus();
  });

  addButton.addEventListener("click", () => {
    addRows(Math.min(5, MAX_ROWS - rowCount));
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
    const shown = added ? [paragraph(fill(texts.imported, { rows: formatCount(added), first: formatCount(first) }))] : [];
    shown.push(...problems.slice(0, SHOWN_PROBLEMS).map(([line, code]) => paragraph(fill(texts.crew[code], { line, order }))));
    if (problems.length > SHOWN_PROBLEMS) {
      shown.push(paragraph(fill(texts.crew.more, { count: formatCount(problems.length - SHOWN_PROBLEMS) })));
    }
    problemsBox.replaceChildren(...shown);
  }

  // The text of an imported file, or why it has none. A CSV saved by Excel is often UTF-16
  // ("Unicode text") or Windows-1252 ("CSV"): both are read, and the reader told; a workbook
  // or other binary file is refused with what to do instead.
  const startsWith = (bytes, ...signature) => signature.every((byte, index) => bytes[index] === byte);
  // UTF-16 saved without its byte-order mark: the crew list's characters (digits, Latin
  // letters, separators) each have a zero byte, on the same side, in most of the first 1,000
  // characters; "le" or "be", else null.
  function utf16WithoutMark(bytes) {
    if (bytes.length < 4 || bytes.length % 2) return null;
    const pairs = Math.min(bytes.length, 2000) / 2;
    let zeroSecond = 0;
    let zeroFirst = 0;
    for (let index = 0; index < pairs * 2; index += 2) {
      if (bytes[index] !== 0 && bytes[index + 1] === 0) zeroSecond++;
      if (bytes[index] === 0 && bytes[index + 1] !== 0) zeroFirst++;
    }
    if (zeroSecond >= 0.9 * pairs) return "le";
    if (zeroFirst >= 0.9 * pairs) return "be";
    return null;
  }
  // A text file may hold a stray zero byte (crew.py takes it out, and says so); a file with
  // more than one in a thousand is not text.
  const zeroBytes = (bytes) => bytes.reduce((count, byte) => count + (byte === 0), 0);
  function decodeCrewFile(bytes) {
    if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder("utf-16le").decode(bytes), notice: "utf_16" };
    if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder("utf-16be").decode(bytes), notice: "utf_16" };
    // A zip (xlsx, ods) or an OLE compound file (xls).
    if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return { problem: "workbook" };
    if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return { problem: "not_text" }; // "%PDF"
    const utf16 = utf16WithoutMark(bytes);
    if (utf16) return { text: new TextDecoder(`utf-16${utf16}`).decode(bytes), notice: "utf_16" };
    if (zeroBytes(bytes) > Math.max(1, bytes.length / 1000)) return { problem: "not_text" };
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

  // A list read goes in whole after the rows already filled, or not at all. Its numbers are
  // checked while its rows are written. Lists go in one after the other, in the order read.
  async function putCrew(crew, startRow, notices) {
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
    const items = crew.rows.map((cells) => ({ cells, limosa: false }));
    const checkItems = items.map(({ cells, limosa }) => [cells[0] ?? "", limosa]);
    const results = python?.call("check_ids", checkItems);
    table.setAttribute("aria-busy", "true");
    const written = await writeRows(index, items);
    table.removeAttribute("aria-busy");
    if (written.length < items.length) return; // erased meanwhile
    changed();
    showCrewProblems(problems, { columns: crew.columns, added: written.length, first: index + 1 });
    await check(written, results && { items: checkItems, results });
  }
  let adding = Promise.resolve();
  const addCrew = (reading, startRow, notices = []) => {
    adding = adding.then(async () => putCrew(await reading, startRow, notices)).catch((error) => console.warn("listing:", error));
    return adding;
  };

  table.addEventListener("paste", (event) => {
    const row = rowOf(event);
    const text = event.clipboardData?.getData("text/plain") ?? "";
    if (!row || !/[\t\n\r]/.test(text.trim())) return; // one value: the input takes it as usual
    event.preventDefault();
    addCrew(readCrew(text), row);
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
    addCrew(readCrew(decoded.text), null, decoded.notice ? [[0, decoded.notice]] : []);
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
      cell.replaceChildren(printable(header[cell.dataset.field]));
      delete cell.dataset.field;
    }
    const rowsBody = document.createElement("tbody");
    pageRows.forEach((item, index) => {
      const line = document.createElement("tr");
      const [number, name, firstName] = item.cells.map(printable);
      const identifier = number.trim() && item.limosa ? `${number} (${texts.limosa})` : number;
      for (const [text, className] of [[String(firstNumber + index), "cw-listing__number"], [identifier], [name], [firstName]]) {
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
  // A kept list's first rows are written before the first paint, the rest a chunk per task.
  adding = restore().then(changed);
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
      await adding;
      listing.dataset.python = "ready";
      status.textContent = texts.ready;
      checkAll();
    }, 0),
  );
})();
