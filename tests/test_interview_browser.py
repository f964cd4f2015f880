"""The mock interview (`<id>.html#interview`) and the compare matrix in a real browser: Debian's
Chromium driven through Selenium, with the page's clock replaced by one the test moves.

One browser and one rendered site serve the whole module; Chromium's start-up is the slow part.
"""

from __future__ import annotations

import shutil
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlsd_diagrams import Card, Design, Estimate, Tradeoff
from mlsd_diagrams._batch import render_many
from mlsd_diagrams._load import load
from mlsd_diagrams.compose import Blueprint
from mlsd_diagrams.study import compare, follow_ups, write_compare, write_gallery
from mlsd_diagrams.study._compare import _COL_W, _LABEL_W, _PAD

from .conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.exe]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

MINUTE = 60_000
# Runs before the page's own script on every document: the page reads time through
# `window.mlsdClock`, which this makes return `window.fakeNow`, moved by the tests.
FAKE_CLOCK = "window.fakeNow = 0; window.mlsdClock = () => window.fakeNow;"


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chromedriver = shutil.which("chromedriver")
    if CHROMIUM is None or chromedriver is None:
        pytest.fail(
            "chromium and chromedriver are needed; `bash scripts/test.sh` installs them "
            "(scripts/install-browser-driver.sh)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--window-size=1400,900",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(chromedriver))
    browser.implicitly_wait(0)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_CLOCK})
    try:
        yield browser
    finally:
        browser.quit()


HOSTILE = "<img src=x onerror=window.pwned=1></script><script>window.pwned=2</script>"


def hostile() -> Design:
    """Markup in every card field the interview shows: it must read as text."""
    bp = Blueprint("hostile", "Hostile", sla_ms=100)
    user = bp.add("user", "client", "User")
    api = bp.add("api", "app_service", "API", latency_ms=5)
    user >> api
    bp.card = Card(
        requirements=[HOSTILE],
        tradeoffs=[Tradeoff(topic=HOSTILE, options=[HOSTILE], choice=HOSTILE)],
        estimates=[Estimate(quantity=HOSTILE, value=HOSTILE)],
    )
    return bp.build()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    designs = [load("lambda_architecture"), load("kappa_architecture"), hostile()]
    render_many(designs, folder)
    write_gallery(designs, folder)
    write_compare(compare(designs[:2]), folder)
    return folder


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def open_interview(
    driver: Any, site: Path, fresh: bool = True, design: str = "lambda_architecture"
) -> None:
    """A page (Lambda's) at `#interview`, its clock at 0 and (when `fresh`) nothing kept from
    an earlier test: no notes, no clock."""
    url = (site / f"{design}.html").as_uri() + "#interview"
    driver.get("about:blank")
    driver.get(url)
    wait_for(lambda: js(driver, "return document.readyState") == "complete")
    if fresh:
        js(driver, "localStorage.clear(); sessionStorage.clear()")
        driver.get("about:blank")
        driver.get(url)
        wait_for(lambda: js(driver, "return document.readyState") == "complete")


def text(driver: Any, element_id: str) -> str:
    return str(js(driver, "return document.getElementById(arguments[0]).textContent", element_id))


def visible(driver: Any, element_id: str) -> bool:
    return bool(
        js(
            driver,
            "const e = document.getElementById(arguments[0]);"
            "return !!e && getComputedStyle(e).display !== 'none' && !e.hidden;",
            element_id,
        )
    )


def click(driver: Any, element_id: str) -> None:
    driver.find_element(By.ID, element_id).click()


def at(driver: Any, minutes: float) -> None:
    js(driver, "window.fakeNow = arguments[0];", minutes * MINUTE)


def future(driver: Any) -> set[str]:
    return set(
        js(
            driver,
            "return [...document.querySelectorAll('g[data-component].future')]"
            ".map(g => g.dataset.component)",
        )
    )


def test_the_hash_opens_the_interview_with_the_clock_stopped_and_the_first_frame(
    driver: Any, site: Path
) -> None:
    open_interview(driver, site)
    assert visible(driver, "interview-panel")
    assert not visible(driver, "card-wrap")
    assert text(driver, "interview-clock") == "00:00"
    assert text(driver, "phase-title") == "Clarify the requirements"
    assert text(driver, "phase-when") == "Phase 1 of 7 · minutes 0-5"
    # Lambda's first frame is the event sources and the log; the rest waits.
    assert {"event_sources", "event_log"}.isdisjoint(future(driver))
    assert {"master_dataset", "query_service", "stream_compute"} <= future(driver)
    card = load("lambda_architecture").card
    assert text(driver, "phase-question") == follow_ups(card)[0].question
    assert "ingest" in text(driver, "phase-question")


def test_the_clock_moves_the_phases_and_builds_the_diagram_up(driver: Any, site: Path) -> None:
    open_interview(driver, site)
    click(driver, "interview-start")
    at(driver, 6)
    assert wait_for(lambda: text(driver, "phase-title") == "Frame the problem as an ML task")
    assert wait_for(lambda: text(driver, "interview-clock") == "06:00")
    assert "master_dataset" not in future(driver)  # phase 2 shows the batch layer
    assert "query_service" in future(driver)
    at(driver, 12.5)
    assert wait_for(lambda: text(driver, "phase-title") == "Data preparation")
    click(driver, "interview-start")  # pause
    at(driver, 30)
    time.sleep(0.4)
    assert text(driver, "interview-clock") == "12:30"
    assert text(driver, "phase-title") == "Data preparation"
    click(driver, "interview-start")  # resume from 30 min of wall time
    at(driver, 31)
    assert wait_for(lambda: text(driver, "interview-clock") == "13:30")
    click(driver, "phase-prev")  # back to framing (5-10), with 13:30 gone: late
    assert text(driver, "phase-title") == "Frame the problem as an ML task"
    assert wait_for(
        lambda: "late" in js(driver, "return document.querySelector('.clock').className")
    )
    at(driver, 31 + 22)  # 35:30 elapsed: the clock moves on to serving
    assert wait_for(lambda: text(driver, "phase-title") == "Deployment and serving")
    assert future(driver) == set()  # the whole diagram by the serving phase


def test_the_card_points_are_revealed_one_at_a_time(driver: Any, site: Path) -> None:
    open_interview(driver, site)

    def points() -> list[str]:
        return list(
            js(
                driver,
                "return [...document.querySelectorAll('#phase-points li')].map(l => l.textContent)",
            )
        )

    assert points() == []
    click(driver, "reveal-point")
    requirements = load("lambda_architecture").card.requirements
    assert points() == requirements[:1]
    assert text(driver, "points-count") == f"1 of {len(requirements)} shown"
    for _ in requirements[1:]:
        click(driver, "reveal-point")
    assert points() == requirements
    assert js(driver, "return document.getElementById('reveal-point').disabled") is True
    click(driver, "phase-listen-toggle")
    assert visible(driver, "phase-listen") and "11.6k" in text(driver, "phase-listen")


def test_notes_are_kept_per_phase_in_local_storage(driver: Any, site: Path) -> None:
    open_interview(driver, site)
    driver.find_element(By.ID, "phase-notes").send_keys("1B events a day; p99 under 100 ms")
    click(driver, "phase-next")
    assert driver.find_element(By.ID, "phase-notes").get_attribute("value") == ""
    driver.find_element(By.ID, "phase-notes").send_keys("not a model: features")
    open_interview(driver, site, fresh=False)  # back on phase 2, where the reload found it
    assert driver.find_element(By.ID, "phase-notes").get_attribute("value") == (
        "not a model: features"
    )
    click(driver, "phase-prev")
    assert driver.find_element(By.ID, "phase-notes").get_attribute("value") == (
        "1B events a day; p99 under 100 ms"
    )
    saved = js(
        driver, "return JSON.parse(localStorage.getItem('mlsd-interview-lambda_architecture'))"
    )
    assert saved == {"0": "1B events a day; p99 under 100 ms", "1": "not a model: features"}


def test_a_reload_keeps_the_running_clock_and_the_phase(driver: Any, site: Path) -> None:
    open_interview(driver, site)
    click(driver, "interview-start")
    at(driver, 7)
    assert wait_for(lambda: text(driver, "phase-title") == "Frame the problem as an ML task")
    click(driver, "reveal-point")
    open_interview(driver, site, fresh=False)  # the page's fake clock starts again from 0
    at(driver, 8)
    assert wait_for(lambda: text(driver, "interview-clock") == "08:00")
    assert text(driver, "phase-title") == "Frame the problem as an ML task"
    assert text(driver, "points-count").startswith("1 of ")
    assert text(driver, "interview-start") == "Pause"
    click(driver, "interview-start")
    open_interview(driver, site, fresh=False)
    assert text(driver, "interview-start") == "Resume"
    assert wait_for(lambda: text(driver, "interview-clock") == "08:00")


def test_at_45_minutes_the_notes_sit_beside_the_reference_and_export_as_markdown(
    driver: Any, site: Path
) -> None:
    open_interview(driver, site)
    driver.find_element(By.ID, "phase-notes").send_keys("Batch + speed layer, <merge> at query")
    click(driver, "interview-start")
    at(driver, 45)
    assert wait_for(lambda: visible(driver, "interview-review"))
    assert not visible(driver, "stage")
    assert visible(driver, "card-wrap")  # the reference card beside the notes
    assert not visible(driver, "interview-panel")
    assert text(driver, "interview-clock") == "45:00"
    rows = driver.find_elements(By.CSS_SELECTOR, "#review-rows .review-row")
    assert len(rows) == 7
    assert "Batch + speed layer, <merge> at query" in rows[0].text
    assert "Arbitrary queries over all historical data" in rows[0].text
    link = driver.find_element(By.ID, "interview-download")
    assert link.get_attribute("download") == "lambda_architecture-interview.md"
    href = link.get_attribute("href")
    assert href.startswith("data:text/markdown;charset=utf-8,")
    markdown = urllib.parse.unquote(href.split(",", 1)[1])
    assert markdown.startswith("# Mock interview: Lambda Architecture\n")
    assert "## 1. Clarify the requirements (minutes 0-5)" in markdown
    assert "### My notes\n\nBatch + speed layer, <merge> at query\n" in markdown
    assert "- Arbitrary queries over all historical data, answered in under 100 ms" in markdown
    assert markdown.count("### Reference") == 7
    assert "_45:00 of 45:00 used._" in markdown
    click(driver, "interview-exit")
    assert visible(driver, "stage") and not visible(driver, "interview-panel")
    assert future(driver) == set()


def test_the_page_needs_no_network(driver: Any, site: Path) -> None:
    open_interview(driver, site)
    loaded = js(driver, "return performance.getEntriesByType('resource').map(r => r.name)")
    assert all(name.startswith(("file:", "data:")) for name in loaded), loaded


def test_the_explorer_shows_the_compare_matrix(driver: Any, site: Path) -> None:
    open_interview(driver, site)
    click(driver, "interview-toggle")  # leave the interview: the card comes back
    assert visible(driver, "card-wrap")
    heads = js(
        driver, "return [...document.querySelectorAll('#compare thead th')].map(t => t.textContent)"
    )
    assert heads == ["", "Lambda Architecture", "Kappa Architecture"]
    best = js(
        driver,
        "return [...document.querySelectorAll('#compare tr[data-row=duplicated_paths] td')]"
        ".map(td => td.classList.contains('best'))",
    )
    assert best == [False, True]


def test_the_compare_slide_fits_every_word_in_its_column(driver: Any, site: Path) -> None:
    driver.get((site / "lambda_architecture-vs-kappa_architecture.svg").as_uri())
    wait_for(lambda: js(driver, "return document.readyState") == "complete")
    boxes = js(
        driver,
        "return [...document.querySelectorAll('g.row text')].map(t => {"
        " const b = t.getBBox(); return [t.getAttribute('x') * 1, b.x + b.width, b.width]; })",
    )
    assert len(boxes) > 30
    columns = [_PAD + 12, *(_PAD + _LABEL_W + _COL_W * i + 16 for i in range(2))]
    for x, right, width in boxes:
        assert width > 0
        column = columns.index(x)
        limit = _PAD + _LABEL_W + _COL_W * column
        assert right <= limit, (x, right, limit)
    rows = js(driver, "return document.querySelectorAll('g.row').length")
    assert rows == len(compare([load("lambda_architecture"), load("kappa_architecture")]).rows)


def test_markup_in_the_card_reads_as_text_in_the_interview(driver: Any, site: Path) -> None:
    open_interview(driver, site, design="hostile")
    assert HOSTILE in text(driver, "phase-question")
    click(driver, "reveal-point")
    assert text(driver, "phase-points") == HOSTILE
    click(driver, "phase-next")
    assert text(driver, "phase-question").startswith(HOSTILE)
    click(driver, "interview-finish")
    assert wait_for(lambda: visible(driver, "interview-review"))
    assert js(driver, "return window.pwned === undefined") is True
    assert (
        js(
            driver,
            "return document.querySelectorAll('#review-rows img, #review-rows script').length",
        )
        == 0
    )
