"""Model figures in the explorer, in a real browser: a component opens its figure, the card's
Model step opens it too, and hovering a block tells its kind and shape."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlsd_diagrams._load import load
from mlsd_diagrams.cli import app

from .conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.exe]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chromedriver = shutil.which("chromedriver")
    if CHROMIUM is None or chromedriver is None:
        pytest.fail("chromium and chromedriver are needed; `bash scripts/test.sh` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(argument)
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(chromedriver))
    try:
        yield browser
    finally:
        browser.quit()


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def test_a_component_and_the_card_open_its_model_figure(driver: Any, tmp_path: Path) -> None:
    made = CliRunner().invoke(app, ["new", "demo", "--figure", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["gallery", str(tmp_path / "demo.py"), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "demo.figure-ranker.svg").is_file()
    driver.get((site / "demo.html").as_uri())
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete")
    view = driver.find_element(By.ID, "figure-view")
    assert not view.is_displayed()
    icon = driver.find_element(By.CSS_SELECTOR, 'g[data-component="model"] :is(use, image)')
    ActionChains(driver).move_to_element(icon).click().perform()
    button = driver.find_element(By.CSS_SELECTOR, "#selection .figure-open")
    assert button.text == "Model figure: Ranking model"
    button.click()
    assert wait_for(view.is_displayed)
    tips = driver.execute_script(
        "return [...document.querySelectorAll('#figure-view g[data-block] > title')]"
        ".map(t => t.textContent)"
    )
    assert "MLP (ReLU): mlp, x3, B x 64" in tips
    assert len(tips) == len(load(tmp_path / "demo.py").figures[0].blocks)
    driver.find_element(By.ID, "figure-close").click()
    assert not view.is_displayed()
    link = driver.find_element(By.CSS_SELECTOR, '.card .figure[data-figure="ranker"] a')
    driver.execute_script("arguments[0].scrollIntoView()", link)
    link.click()
    assert wait_for(view.is_displayed)
    assert driver.current_url.endswith("demo.html")  # opened inline, not followed
