"""The web client's figures: the JavaScript a first visit downloads, and how soon a company
page is usable after a cold navigation.

    make bench-web                  # builds web/dist, starts a stack with the demo data
    python bench/web.py --loads 20  # more cold loads (default 10)

The client is served as in production: web/dist behind nginx with deploy/web's
configuration, the API through it to a whole stack (`make dev`'s processes on embedded
PostgreSQL, the demo data loaded). Debian's Chromium, driven by Playwright, loads the
company page with an empty cache and a new profile each time.

"Interactive" is the moment the company's heading, its ratings and its list of jobs are all
in the page: everything the overview shows, rendered by a client whose handlers are
attached (React renders them together). It is taken in the page by a MutationObserver,
from the navigation's start (performance.timeOrigin), and split by the page's own resource
timings into: the HTML and the JavaScript, the API calls, and what rendering adds after
the last answer. The same loads are repeated with the CPU slowed 4 times (Chromium's
throttling: a mid-range phone). Targets (issue 15): initial JavaScript at most 200 kB
gzipped; interactive within 1 s. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import subprocess
from pathlib import Path

from devstack.stack import ROOT
from devstack.testing import ONE_ADDRESS, free_port, running_stack
from devstack.web import chromium_path, start_web
from playwright.sync_api import sync_playwright

DIST = ROOT / "web" / "dist"
COMPANY = "/companies/maple-ledger"  # a demo company with reviews, salaries and jobs
JS_BUDGET_KB = 200
INTERACTIVE_BUDGET_MS = 1000

# Installed before any page script: records when the overview is complete.
WATCH_OVERVIEW = """
(() => {
  const complete = () => {
    const heading = document.querySelector('h1');
    const jobs = [...document.querySelectorAll('ul[aria-label], ol[aria-label]')]
      .some((list) => list.getAttribute('aria-label').startsWith('Jobs at'));
    const ratings = /from \\d+ reviews?/.test(document.body ? document.body.innerText : '');
    return heading && heading.textContent.trim() && jobs && ratings;
  };
  const observer = new MutationObserver(() => {
    if (window.__interactiveAt === undefined && complete()) {
      window.__interactiveAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();
"""

# After the page is complete: where its time went, by its own resource timings.
TIMINGS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const api = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
  const scripts = resources.filter((r) => r.name.endsWith('.js'));
  return {
    interactive: window.__interactiveAt,
    domContentLoaded: nav.domContentLoadedEventEnd,
    scriptsEnd: Math.max(0, ...scripts.map((r) => r.responseEnd)),
    apiStart: Math.min(...api.map((r) => r.startTime)),
    apiEnd: Math.max(...api.map((r) => r.responseEnd)),
    apiCalls: api.map((r) => ({
      path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd,
    })),
    scripts: scripts.map((r) => new URL(r.name).pathname),
  };
}
"""


def gzipped_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=6)) / 1024


def initial_javascript() -> list[Path]:
    """The entry script and the modules index.html preloads: what every first visit loads."""
    html = (DIST / "index.html").read_text()
    sources = re.findall(r'<script type="module"[^>]* src="([^"]+)"', html)
    sources += re.findall(r'<link rel="modulepreload"[^>]* href="([^"]+)"', html)
    return [DIST / source.lstrip("/") for source in dict.fromkeys(sources)]


def report_sizes() -> None:
    initial = initial_javascript()
    total = sum(gzipped_kb(p) for p in initial)
    every = sorted(DIST.glob("assets/*.js"))
    print("## JavaScript (gzip -6, as nginx may send it)")
    for path in initial:
        print(f"  initial  {path.name:<40} {gzipped_kb(path):7.1f} kB")
    print(
        f"  initial JavaScript of the first page: {total:.1f} kB gzipped "
        f"(budget {JS_BUDGET_KB} kB: {total / JS_BUDGET_KB:.2f} of it)"
    )
    lazy = sum(gzipped_kb(p) for p in every if p not in initial)
    print(f"  loaded later, by route: {lazy:.1f} kB in {len(every) - len(initial)} files")
    css = sum(gzipped_kb(p) for p in DIST.glob("assets/*.css"))
    print(f"  CSS: {css:.1f} kB gzipped")


def cold_loads(browser, base: str, loads: int, cpu_slowdown: float) -> list[dict]:
    results = []
    for _ in range(loads):
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if cpu_slowdown > 1:
            session = context.new_cdp_session(page)
            session.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        page.add_init_script(WATCH_OVERVIEW)
        page.goto(COMPANY, wait_until="commit")
        page.wait_for_function("() => window.__interactiveAt !== undefined", timeout=30_000)
        results.append(page.evaluate(TIMINGS))
        context.close()
    return results


def _summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"  {name:<34} median {statistics.median(values):6.0f} ms   "
        f"p90 {p90:6.0f}   min {ordered[0]:6.0f}   max {ordered[-1]:6.0f}"
    )


def report_loads(title: str, results: list[dict]) -> None:
    interactive = [r["interactive"] for r in results]
    print(f"## {title} ({len(results)} cold loads of {COMPANY})")
    print(_summary("navigation → DOMContentLoaded", [r["domContentLoaded"] for r in results]))
    print(_summary("navigation → last script loaded", [r["scriptsEnd"] for r in results]))
    print(_summary("navigation → first API call", [r["apiStart"] for r in results]))
    print(_summary("navigation → last API answer", [r["apiEnd"] for r in results]))
    print(_summary("navigation → interactive", interactive))
    print(
        _summary(
            "rendering after the last answer", [r["interactive"] - r["apiEnd"] for r in results]
        )
    )
    median = statistics.median(interactive)
    scripts = ", ".join(Path(s).name for s in results[0]["scripts"])
    print(
        f"  interactive: {median:.0f} ms median, {median / INTERACTIVE_BUDGET_MS:.2f} of the "
        f"{INTERACTIVE_BUDGET_MS} ms budget; scripts: {scripts}"
    )
    print("  the API calls of the median load (start → end, ms from the navigation's start):")
    typical = min(results, key=lambda r: abs(r["interactive"] - median))
    for call in sorted(typical["apiCalls"], key=lambda c: c["start"]):
        print(f"    {call['start']:6.0f} → {call['end']:6.0f}  {call['path']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10, help="cold loads per condition")
    parser.add_argument("--no-build", action="store_true", help="use web/dist as it is")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run([str(ROOT / "scripts" / "web.sh"), "build"], check=True)
    subprocess.run([str(ROOT / "scripts" / "web.sh"), "journey-tools"], check=True)
    report_sizes()
    for stack in running_stack("jobsight-bench-web-", {**ONE_ADDRESS}, seed=True):
        base = start_web(stack, port=free_port(), served="nginx")
        with sync_playwright() as playwright:
            # --no-sandbox: Chromium's sandbox refuses to run as root.
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox"]
            )
            cold_loads(browser, base, 2, 1)  # warms nginx, the services and their caches
            report_loads("Company page, this machine", cold_loads(browser, base, args.loads, 1))
            report_loads("Company page, CPU slowed 4 ×", cold_loads(browser, base, args.loads, 4))
            browser.close()


if __name__ == "__main__":
    main()
