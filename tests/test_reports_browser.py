"""Each HTML report opened in a real headless browser (Debian's chromium):
it loads with no network and no other file, shows its title, and draws its
SVG charts with real size; a screenshot of each is taken.

Skips, saying why, only where no chromium can be had and ``CI`` is not set;
in CI (``.ci/run`` installs chromium) a missing browser fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.helpers.reports import JOB_ARGS, generate

BROWSERS = ("chromium", "chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# Appended to a copy of a page (never to the report itself): measure each
# chart as laid out, and put the sizes where --dump-dom shows them.
MEASURE = """<script>
document.body.setAttribute("data-charts", JSON.stringify(
  [...document.querySelectorAll("svg.chart")].map(svg => {
    const box = svg.getBoundingClientRect();
    return [box.width, box.height, svg.querySelectorAll("rect").length];
  })));
</script>"""


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    reason = "no chromium on PATH (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI is set, so the browser test must run")
    pytest.skip(reason)


def open_in_browser(
    page: Path, profile: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser(),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1280,2000",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def png_size_and_colours(png: Path) -> tuple[int, int, int]:
    """Width, height and how many distinct byte values the pixels hold: a
    blank page has only a few."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels))


@pytest.mark.parametrize("job", sorted(JOB_ARGS))
def test_each_report_renders_its_title_and_charts_in_a_real_browser(
    db: str,
    tmp_path: Path,
    job: str,
) -> None:
    chromium = browser()
    generated = generate(db, job, tmp_path / "out")
    name = next(n for n in generated["outputs"] if n.endswith(".html"))
    page = tmp_path / "out" / name
    source = page.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", source)
    assert title is not None
    charts = source.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    assert charts >= 1, f"{name} has no chart"

    measured = tmp_path / "measured.html"
    measured.write_text(source.replace("</body>", MEASURE + "</body>"), "utf-8")
    dumped = open_in_browser(measured, tmp_path / "profile-dom", "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert f"<title>{title[1]}</title>" in dumped.stdout
    sizes = re.search(r'data-charts="([^"]*)"', dumped.stdout)
    assert sizes is not None, f"{chromium} did not run the page"
    drawn = json.loads(sizes[1].replace("&quot;", '"'))
    assert len(drawn) == charts
    for width, height, rects in drawn:
        assert width > 300 and height > 40 and rects > 2, drawn

    shot = tmp_path / f"{job}.png"
    taken = open_in_browser(page, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert taken.returncode == 0, taken.stderr[-2000:]
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (1280, 2000)
    assert colours > 20, "the screenshot is blank"
