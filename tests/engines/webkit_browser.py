#!/usr/bin/python3
"""A WebKitGTK browser for WebKitWebDriver, the engine of Debian's MiniBrowser and Epiphany.

tests/test_webkit.py has Selenium start Debian's /usr/bin/WebKitWebDriver with this file as
its browser (run by Debian's python3, which has PyGObject and WebKitGTK's GObject bindings:
python3-gi, gir1.2-webkit2-4.1; the project's .venv has neither). It is what MiniBrowser is in
automation mode, a window per web view the driver asks for, with three differences that the
tests need and that WebDriver classic on WebKitGTK 2.50 cannot give (no BiDi, no logs, no
script run before a page's own, no print command):

- a website data manager in a folder of its own, not an ephemeral one: WebKit writes no
  console message of an ephemeral session anywhere. Every console message of every page
  (the engine's own, such as a resource refused by the policy, and the workers') goes to
  standard output, where WebKitWebDriver's log is; the test reads it after each page;
- a user script that runs before each page's scripts in every frame, keeping every
  Content-Security-Policy violation in ``window.__violations``;
- ``window.webkit.messageHandlers.cwPrint.postMessage(path)``: prints the page with WebKitGTK's
  own print operation (GTK's "Print to File", A4, the page's own @page margins) to a PDF at
  ``path``; the promise settles when the file is written.
"""

from __future__ import annotations

import os
import signal
import sys

# The web process inherits standard output: one line written as soon as it is complete, so
# that a page's messages are in the log when the test reads it (coreutils' stdbuf, by hand).
STDBUF = "/usr/libexec/coreutils/libstdbuf.so"
if os.path.exists(STDBUF) and os.environ.get("_STDBUF_O") != "L":
    os.environ["LD_PRELOAD"] = STDBUF
    os.environ["_STDBUF_O"] = "L"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
gi.require_version("JavaScriptCore", "4.1")
from gi.repository import GLib, Gtk, JavaScriptCore, WebKit2  # noqa: E402

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Browser:
    def __init__(self, data: str) -> None:
        self.views: list[WebKit2.WebView] = []
        manager = WebKit2.WebsiteDataManager(
            base_data_directory=os.path.join(data, "data"),
            base_cache_directory=os.path.join(data, "cache"),
        )
        self.context = WebKit2.WebContext(website_data_manager=manager)
        self.context.set_automation_allowed(True)
        self.context.connect("automation-started", self.automation_started)
        self.settings = WebKit2.Settings(
            enable_developer_extras=True, enable_write_console_messages_to_stdout=True
        )
        self.content = WebKit2.UserContentManager()
        self.content.add_script(
            WebKit2.UserScript.new(
                WATCH_VIOLATIONS,
                WebKit2.UserContentInjectedFrames.ALL_FRAMES,
                WebKit2.UserScriptInjectionTime.START,
                None,
                None,
            )
        )
        self.content.register_script_message_handler_with_reply("cwPrint", None)
        self.content.connect("script-message-with-reply-received::cwPrint", self.print_to_pdf)

    def automation_started(self, context, session) -> None:
        info = WebKit2.ApplicationInfo.new()
        info.set_name("checkinatwork-webkit")
        info.set_version(
            WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version()
        )
        session.set_application_info(info)
        session.connect("create-web-view", self.create_web_view)

    def create_web_view(self, session) -> WebKit2.WebView:
        view = WebKit2.WebView(
            web_context=self.context,
            settings=self.settings,
            user_content_manager=self.content,
            is_controlled_by_automation=True,
        )
        window = Gtk.Window()
        window.set_default_size(1280, 900)
        window.add(view)
        window.show_all()
        view.connect("close", lambda view: self.close(view, window))
        self.views.append(view)
        return view

    def close(self, view, window) -> None:
        self.views.remove(view)
        window.destroy()

    def print_to_pdf(self, manager, value, reply) -> bool:
        path = value.to_string()
        js = value.get_context()
        view = self.views[-1]
        settings = Gtk.PrintSettings()
        settings.set_printer("Print to File")
        settings.set(Gtk.PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf")
        settings.set(Gtk.PRINT_SETTINGS_OUTPUT_URI, GLib.filename_to_uri(path, None))
        setup = Gtk.PageSetup()
        setup.set_paper_size(Gtk.PaperSize.new(Gtk.PAPER_NAME_A4))
        for side in ("top", "bottom", "left", "right"):
            getattr(setup, f"set_{side}_margin")(0, Gtk.Unit.MM)
        operation = WebKit2.PrintOperation.new(view)
        operation.set_print_settings(settings)
        operation.set_page_setup(setup)
        failures: list[str] = []
        operation.connect("failed", lambda operation, error: failures.append(error.message))

        def finished(operation) -> None:
            if failures:
                reply.return_error_message("; ".join(failures))
            else:
                reply.return_value(JavaScriptCore.Value.new_string(js, path))

        operation.connect("finished", finished)
        operation.print_()
        return True


def main() -> None:
    """Arguments: ``--data=FOLDER``, where the browser keeps what a site stores (the test's
    temporary folder); any other (``--automation``) is the driver's and changes nothing."""
    data = next(arg.removeprefix("--data=") for arg in sys.argv if arg.startswith("--data="))
    Browser(data)
    # WebKitWebDriver ends a session with SIGTERM.
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, Gtk.main_quit)
    Gtk.main()


if __name__ == "__main__":
    main()
