"""The listing part of the benchmark: a crew of hundreds or thousands imported, checked, printed.

For each size (rows of a CSV crew list with a header, every number a valid national
number), on the French listing with Python ready, in a fresh page each time:

- import_ms: the file chosen (the input's change event) to every row filled and every
  number's check shown, on the page's own clock;
- paste_ms: the same list pasted into the first row, to every check shown;
- print_ms: the print's pages made (the beforeprint event's work) and laid out;
- pdf_ms, pdf_pages: Chromium's print of the filled page to PDF, and its pages;
- longest_*_frame_ms: the longest animation frame of each (PerformanceObserver
  "long-animation-frame": frames over 50 ms, their tasks with the style, layout and paint
  that follow; the page cannot answer a key or a tap for that long), 0 when none;
  long_frames_ms the sum of all three's long frames;
- per_row_ms: import_ms divided by the rows, which stays flat or falls when the work is
  linear in the rows.
"""

from __future__ import annotations

import io
import statistics
import time

from pypdf import PdfReader

READY_TIMEOUT_MS = 120_000
DONE_TIMEOUT_MS = 300_000

# Collects, from the page's start, the main thread's long animation frames (over 50 ms:
# the tasks of a frame and its style, layout and paint, all the reader waits for before
# the page answers a key or a tap), and the times the listing's checks land.
PROBE = """
(() => {
  window.__frames = [];
  window.__checked = [];
  // The moment the page has the file (the automation's hand-over of it not counted).
  document.addEventListener("change", (event) => {
    if (event.target.matches?.("[data-listing-import]")) window.__chosen = performance.now();
  }, true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__frames.push(entry.duration);
  }).observe({ type: "long-animation-frame", buffered: true });
  new MutationObserver(() => {
    const listing = document.querySelector("[data-listing]");
    if (listing?.dataset.checked) window.__checked.push(performance.now());
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-checked"] });
})();
"""

# The moment (the page's clock) a check lands after `since` with each of the first `count`
# rows showing its check (a check that lands after a newer edit is not shown; here nothing
# is edited after).
CHECKED_AFTER = """async ([since, count]) => {
  const allChecked = () => {
    const rows = document.querySelectorAll("[data-listing] tbody tr");
    if (rows.length < count) return false;
    for (let index = 0; index < count; index++) {
      if (!rows[index].querySelector("[data-message]").textContent) return false;
    }
    return true;
  };
  for (;;) {
    const landed = window.__checked.find((time) => time > since);
    if (landed !== undefined && allChecked()) return landed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}"""


def national_number(index: int) -> str:
    """A valid Belgian national number, born in the 1980s, all different up to 997,000."""
    serial = index % 997 + 1
    day = index // 997
    birth = f"{80 + day // 336 % 20:02d}{day // 28 % 12 + 1:02d}{day % 28 + 1:02d}"
    first = f"{birth}{serial:03d}"
    return f"{first}{97 - int(first) % 97:02d}"


def crew_csv(rows: int) -> str:
    lines = ["numero;nom;prenom"]
    lines += [f"{national_number(index)};Nom{index};Prénom{index}" for index in range(rows)]
    return "\n".join(lines) + "\n"


def _long_frames(page) -> list[float]:
    return page.evaluate("window.__frames.splice(0)")


def _checked_at(page, since: float, rows: int) -> float:
    """When (the page's clock) every row's check is shown, after ``since``."""
    return page.evaluate(CHECKED_AFTER, [since, rows])


def _open(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(
        '[data-listing][data-python="ready"]', state="attached", timeout=READY_TIMEOUT_MS
    )
    # The page's own start (Python's, the first checks) is not the import's.
    page.wait_for_timeout(500)
    _long_frames(page)
    return page


def _import(context, url: str, rows: int, csv: str) -> dict:
    page = _open(context, url)
    since = page.evaluate("performance.now()")
    page.set_input_files(
        "[data-listing-import]",
        files=[{"name": "crew.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
    )
    import_ms = _checked_at(page, since, rows) - page.evaluate("window.__chosen")
    page.wait_for_timeout(200)
    import_frames = _long_frames(page)

    # The print's pages, made as the browser's print makes them (beforeprint, then the page
    # laid out for print), and then printed to PDF.
    print_ms = page.evaluate(
        """() => {
            const since = performance.now();
            window.dispatchEvent(new Event("beforeprint"));
            document.body.getBoundingClientRect();
            return performance.now() - since;
        }"""
    )
    page.wait_for_timeout(200)
    print_frames = _long_frames(page)
    started = time.perf_counter()
    pdf = page.pdf(format="A4")
    pdf_ms = (time.perf_counter() - started) * 1000
    page.close()
    return {
        "import_ms": import_ms,
        "import_frames": import_frames,
        "print_ms": print_ms,
        "print_frames": print_frames,
        "pdf_ms": pdf_ms,
        "pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
    }


def _paste(context, url: str, rows: int, csv: str) -> dict:
    page = _open(context, url)
    since = page.evaluate(
        """(text) => {
            const since = performance.now();
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const input = document.querySelector("[data-listing] tbody input[data-column]");
            const paste = { clipboardData: data, bubbles: true, cancelable: true };
            input.dispatchEvent(new ClipboardEvent("paste", paste));
            return since;
        }""",
        csv.replace(";", "\t"),
    )
    paste_ms = _checked_at(page, since, rows) - since
    page.wait_for_timeout(200)
    paste_frames = _long_frames(page)
    page.close()
    return {"paste_ms": paste_ms, "paste_frames": paste_frames}


def measure(browser, base_url: str, sizes: list[int], runs: int) -> dict:
    """Figures per size: medians of runs, each in a fresh context."""
    url = f"{base_url}fr/listing/"
    figures = {}
    for rows in sizes:
        csv = crew_csv(rows)
        visits = []
        for _ in range(runs):
            context = browser.new_context()
            context.add_init_script(PROBE)
            visit = _import(context, url, rows, csv)
            visit.update(_paste(context, url, rows, csv))
            context.close()
            visits.append(visit)

        def median(key, visits=visits):
            return round(statistics.median(visit[key] for visit in visits), 1)

        def longest(key, visits=visits):
            return round(statistics.median(max(visit[key], default=0) for visit in visits), 1)

        figures[str(rows)] = {
            "import_ms": median("import_ms"),
            "per_row_ms": round(median("import_ms") / rows, 3),
            "paste_ms": median("paste_ms"),
            "print_ms": median("print_ms"),
            "pdf_ms": median("pdf_ms"),
            "pdf_pages": visits[0]["pdf_pages"],
            "longest_import_frame_ms": longest("import_frames"),
            "longest_paste_frame_ms": longest("paste_frames"),
            "longest_print_frame_ms": longest("print_frames"),
            "long_frames_ms": round(
                statistics.median(
                    sum(v["import_frames"]) + sum(v["paste_frames"]) + sum(v["print_frames"])
                    for v in visits
                ),
                1,
            ),
        }
    return figures


def table(figures: dict) -> list[str]:
    columns = [
        ("import_ms", "import ms"),
        ("per_row_ms", "ms/row"),
        ("paste_ms", "paste ms"),
        ("print_ms", "print ms"),
        ("pdf_ms", "PDF ms"),
        ("pdf_pages", "pages"),
        ("longest_import_frame_ms", "longest: import"),
        ("longest_paste_frame_ms", "paste"),
        ("longest_print_frame_ms", "print"),
    ]
    lines = [f"{'listing rows':<13}" + "".join(f"{title:>17}" for _, title in columns)]
    for rows, row in figures.items():
        lines.append(f"{rows:<13}" + "".join(f"{row[key]:>17}" for key, _ in columns))
    return lines
