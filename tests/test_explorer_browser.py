"""The explorer and the gallery index in a real browser: Debian's Chromium driven through Selenium.

One browser serves the whole module; Chromium's start-up is the slow part.
"""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlsd_diagrams._batch import render_many
from mlsd_diagrams._model import Design
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.study import write_gallery

from .conftest import CHROMIUM, group_flows_design, small_design

pytestmark = [pytest.mark.browser, pytest.mark.exe]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>window.pwned=1</script>"


def chain_design() -> Design:
    """a -> b -> c -> f and, apart, d -> e: clicking b lights a, b, c, f and dims d, e."""
    bp = Blueprint("chain", "Chain of calls", sla_ms=100)
    with bp.group("front", "Front"):
        a = bp.add("a", "client", "Alpha")
        b = bp.add("b", "api_gateway", "Bravo", tech="Envoy", latency_ms=5, notes="Routes calls")
    with bp.group("back", "Back"):
        c = bp.add("c", "app_service", "Charlie")
        f = bp.add("f", "monitoring", "Foxtrot")
    with bp.group("side", "Side"):
        d = bp.add("d", "data_lake", "Delta")
        e = bp.add("e", "training_pipeline", "Echo")
    a >> b >> c
    c >> link("observe") >> f
    d >> link("batch") >> e
    return bp.build()


def hostile_design() -> Design:
    bp = Blueprint("hostile", f"Title {HOSTILE_SCRIPT}", sla_ms=100)
    bp.summary = f"Summary {HOSTILE_IMG}"
    user = bp.add("user", "client", HOSTILE_IMG, notes=HOSTILE_SCRIPT)
    store = bp.add("store", "feature_store", HOSTILE_SCRIPT, tech=HOSTILE_IMG)
    user >> link(label=HOSTILE_SCRIPT) >> store
    return bp.build()


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
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    designs = [chain_design(), small_design("tiny"), hostile_design()]
    render_many(designs, folder)
    write_gallery(designs, folder)
    return folder


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def open_page(driver: Any, url: str) -> None:
    driver.get("about:blank")  # a new document, even when only the hash differs
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete")


def classes(driver: Any, selector: str) -> set[str]:
    return set(
        driver.execute_script(
            "return document.querySelector(arguments[0]).getAttribute('class')", selector
        ).split()
    )


def with_class(driver: Any, name: str) -> set[str]:
    found = driver.execute_script(
        "return [...document.querySelectorAll('g[data-component].' + arguments[0])]"
        ".map(g => g.dataset.component)",
        name,
    )
    return set(found)


def click_component(driver: Any, component: str) -> None:
    icon = driver.find_element(By.CSS_SELECTOR, f'g[data-component="{component}"] :is(use, image)')
    ActionChains(driver).move_to_element(icon).click().perform()


def press(driver: Any, key: str) -> None:
    ActionChains(driver).send_keys(key).perform()


def test_hover_shows_the_components_facts(driver: Any, site: Path) -> None:
    open_page(driver, (site / "chain.html").as_uri())
    icon = driver.find_element(By.CSS_SELECTOR, 'g[data-component="b"] :is(use, image)')
    ActionChains(driver).move_to_element(icon).perform()
    tip = driver.find_element(By.ID, "tooltip")
    assert wait_for(tip.is_displayed)
    text = tip.text
    for expected in ("Bravo", "api gateway", "online", "Envoy", "5 ms", "Routes calls"):
        assert expected in text, text


def test_a_click_dims_what_is_not_connected_and_escape_clears(driver: Any, site: Path) -> None:
    open_page(driver, (site / "chain.html").as_uri())
    assert with_class(driver, "dimmed") == set()
    click_component(driver, "b")
    assert with_class(driver, "dimmed") == {"d", "e"}
    assert "selected" in classes(driver, 'g[data-component="b"]')
    assert "dimmed" in classes(driver, 'g.edge[data-source="d"][data-target="e"]')
    assert "dimmed" not in classes(driver, 'g.edge[data-source="a"][data-target="b"]')
    assert "dimmed" in classes(driver, 'g.cluster[data-group="side"]')
    assert "Bravo" in driver.find_element(By.ID, "selection").text
    press(driver, Keys.ESCAPE)
    assert driver.execute_script("return document.querySelectorAll('.dimmed').length") == 0


def test_a_flow_to_a_group_is_listed_with_the_group_and_lit_with_it(
    driver: Any, tmp_path: Path
) -> None:
    render_many([group_flows_design()], tmp_path)
    write_gallery([group_flows_design()], tmp_path)
    open_page(driver, (tmp_path / "group_flows.html").as_uri())
    metrics = 'g.edge[data-source="serving"][data-target="monitor"]'
    assert driver.find_elements(By.CSS_SELECTOR, metrics)
    click_component(driver, "monitor")
    panel = driver.find_element(By.ID, "selection").text
    # What the monitor reads from is the serving box, as the design writes the flow.
    assert "Reads from\nServing" in panel, panel
    assert "dimmed" not in classes(driver, metrics)
    press(driver, Keys.ESCAPE)
    click_component(driver, "logs")
    assert "Feeds\nTraining" in driver.find_element(By.ID, "selection").text
    press(driver, Keys.ESCAPE)
    edge = driver.find_element(By.CSS_SELECTOR, f"{metrics} path")
    ActionChains(driver).move_to_element(edge).perform()
    tip = driver.find_element(By.ID, "tooltip")
    assert wait_for(tip.is_displayed)
    assert "Serving → Monitor" in tip.text and "metrics" in tip.text


def test_the_arrow_keys_step_through_the_frames(driver: Any, site: Path) -> None:
    open_page(driver, (site / "chain.html").as_uri())
    assert with_class(driver, "future") == set()
    assert driver.find_element(By.ID, "frame-label").text == "Step 3 / 3"
    press(driver, Keys.ARROW_LEFT)
    assert with_class(driver, "future") == {"d", "e"}
    press(driver, Keys.ARROW_LEFT)
    assert with_class(driver, "future") == {"c", "f", "d", "e"}
    assert "future" in classes(driver, 'g.edge[data-source="b"][data-target="c"]')
    press(driver, Keys.ARROW_RIGHT)
    assert with_class(driver, "future") == {"d", "e"}
    assert driver.find_element(By.ID, "frame-label").text == "Step 2 / 3"


def test_practice_hides_names_reveals_them_on_click_and_keeps_score(
    driver: Any, site: Path
) -> None:
    open_page(driver, (site / "chain.html").as_uri() + "#practice")
    name = 'g[data-component="{}"] text[font-weight="bold"]'
    assert not driver.find_element(By.CSS_SELECTOR, name.format("b")).is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, name.format("c")).is_displayed()
    assert driver.find_element(By.ID, "practice-panel").is_displayed()
    click_component(driver, "b")
    assert driver.find_element(By.CSS_SELECTOR, name.format("b")).is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, name.format("c")).is_displayed()
    assert "Bravo" in driver.find_element(By.ID, "verdict").text
    driver.find_element(By.ID, "mark-right").click()
    assert driver.find_element(By.ID, "score").text == "1 / 1"
    click_component(driver, "c")
    driver.find_element(By.ID, "mark-wrong").click()
    assert driver.find_element(By.ID, "score").text == "1 / 2"
    # The button leaves practice: every name is back.
    driver.find_element(By.ID, "practice-toggle").click()
    assert driver.find_element(By.CSS_SELECTOR, name.format("d")).is_displayed()


def test_search_and_kind_filter_narrow_the_index(driver: Any, site: Path) -> None:
    open_page(driver, (site / "index.html").as_uri())

    def shown() -> set[str]:
        found = driver.execute_script(
            "return [...document.querySelectorAll('article')].filter(a => !a.hidden).map(a => a.id)"
        )
        return set(found)

    assert shown() == {"chain", "tiny", "hostile"}
    search = driver.find_element(By.ID, "search")
    search.send_keys("charlie")
    assert shown() == {"chain"}
    search.clear()
    search.send_keys(" ")  # `clear` fires no input event; a keystroke does
    assert shown() == {"chain", "tiny", "hostile"}
    Select(driver.find_element(By.ID, "kind")).select_by_value("feature_store")
    assert shown() == {"hostile"}
    Select(driver.find_element(By.ID, "kind")).select_by_value("data_lake")
    assert shown() == {"chain", "tiny"}
    assert "2 of 3" in driver.find_element(By.ID, "count").text
    links = {
        a.get_attribute("href").rsplit("/", 1)[-1]
        for a in driver.find_elements(By.CSS_SELECTOR, "#tiny nav a")
    }
    assert {"tiny.html", "tiny.md", "tiny.svg", "tiny.png"} <= links


@pytest.mark.parametrize("page", ["hostile.html", "index.html"])
def test_hostile_labels_show_literally_and_run_nothing(driver: Any, site: Path, page: str) -> None:
    open_page(driver, (site / page).as_uri())
    time.sleep(0.3)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return window.pwned") is None
    assert (
        driver.execute_script("return document.querySelectorAll('img:not([src$=\".svg\"])').length")
        == 0
    )
    text = driver.find_element(By.TAG_NAME, "body").text
    if page == "index.html":
        assert f"Title {HOSTILE_SCRIPT}" in text and f"Summary {HOSTILE_IMG}" in text
        return
    assert f"Summary {HOSTILE_IMG}" in text
    click_component(driver, "user")
    panel = driver.find_element(By.ID, "selection").text
    assert HOSTILE_IMG in panel and HOSTILE_SCRIPT in panel
    drawn = driver.execute_script(
        "return document.querySelector('g[data-component=\"store\"]').textContent"
    )
    # The label is drawn as text, wrapped over lines wherever the line length falls.
    assert "</script><script>window.pw" in "".join(drawn.split())
    assert driver.execute_script("return window.pwned") is None


class Lines:
    """A process's output, line by line, read on a thread so a wait can time out."""

    def __init__(self, stream: Any) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self.queue.put(line)

    def wait_for(self, prefix: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if line.startswith(prefix):
                return line
        pytest.fail(f"no line starting {prefix!r} within {timeout} s")


def test_the_live_preview_follows_each_save(driver: Any, tmp_path: Path) -> None:
    mlsd = Path(sys.executable).with_name("mlsd")
    assert mlsd.exists(), "the `mlsd` script is installed next to this Python"
    design = small_design("live")
    path = tmp_path / "live.json"
    path.write_text(design.to_json(), encoding="utf-8")
    process = subprocess.Popen(
        [str(mlsd), "watch", str(path), "--serve", "--port", "0", "--interval", "0.1",
         "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        lines = Lines(process.stdout)
        url = lines.wait_for("serving ").split()[1]
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/")
        lines.wait_for("  ")  # the first drawing is written
        open_page(driver, url)

        def labels() -> str:
            return str(driver.execute_script(
                "const s = document.querySelector('svg.diagram'); return s ? s.textContent : ''"
            ))  # fmt: skip

        assert wait_for(lambda: "Model" in labels(), 20)
        path.write_text(design.to_json().replace('"Model"', '"Zulu ranker"'), encoding="utf-8")
        assert wait_for(lambda: "Zulu ranker" in labels(), 20), labels()
        broken = design.to_json().replace('"target": "api"', '"target": "nowhere"', 1)
        path.write_text(broken, encoding="utf-8")
        assert wait_for(lambda: driver.find_elements(By.ID, "problems"), 20)
        assert "nowhere" in driver.find_element(By.ID, "problems").text
        assert "Zulu ranker" in labels()  # the last good drawing stays
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        finally:
            process.kill()
    assert process.returncode == 0
