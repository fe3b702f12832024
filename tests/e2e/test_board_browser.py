"""The board in a real browser: Debian's chromium, headless, through its chromedriver (Selenium), on the board's
routes served by uvicorn. The commune's, a unit's, a task's and the city's pages are opened as a leader opens
them; their figures are read from the page as drawn and compared with `nhacviec status --json`'s rows (added up
as a script would: tests/support/board.status_counts); each page is photographed at a phone's width (390 px)
and a desktop's (1280 px), and at 390 px nothing is wider than the screen. NHACVIEC_SHOTS=DIR keeps a copy of
the photographs there, to look at."""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from sqlalchemy import select

from bot.ops.settings import Settings
from bot.web import texts
from bot.web.site import site_routes
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Plan
from storage.queries import unit_by_code
from tests.support.board import FIELDS, TODAY, Scope, board_routes, page_counts, status_counts, story
from tests.support.chat import Chat
from tests.support.web import forgeries, served

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PHONE, DESKTOP = 390, 1280


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> Iterator[tuple[str, int, object]]:
    """The story's commune on SQLite (the pages' database tests run on both kinds), its board on uvicorn."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('board') / 'board.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    story(sessions)
    with sessions() as session:
        plan = session.scalars(select(Plan)).one()
        plan_id, province = plan.id, plan.province
    tokens = {"xa": Scope("commune", plan_id, None, None), "hcc": Scope("unit", plan_id, "hcc", None),
              "tp": Scope("city", plan_id, None, province)}
    with served(board_routes(sessions, tokens, lambda: datetime.combine(TODAY, datetime.min.time(), VN))) as base:
        yield base, plan_id, sessions
    engine.dispose()


SETTINGS = Settings(_env_file=None, NHACVIEC_PUBLIC_URL="https://nhacviec.example.vn",
                    NHACVIEC_BOARD_SECRET="khoa-ky-bang-trong-trinh-duyet")
BOARD_LINK = re.compile(r"https://nhacviec\.example\.vn(/b/[^/\s]+/)")


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Iterator[tuple[str, Chat, list[datetime]]]:
    """The story's commune with its links signed as the bot signs them (bot.web.site: the board and the feeds
    as `nhacviec run` serves them), its chats giving them: the base URL, the chats, the server's clock."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('signed') / 'signed.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    chat = replace(story(sessions), access=SETTINGS.access())
    moment = [datetime.combine(TODAY, time(9), VN)]
    with served(site_routes(sessions, SETTINGS, lambda: moment[0])) as base:
        yield base, chat, moment
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless chromium for the module."""
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--hide-scrollbars", "--lang=vi"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("shots")


def look(browser: webdriver.Chrome, url: str, name: str, shots: Path) -> str:
    """Opens the page at a phone's width and a desktop's; photographs both (the whole page's height); at the
    phone's width nothing may be wider than the screen. Returns the page as the browser holds it."""
    browser.get(url)
    for width in (PHONE, DESKTOP):
        browser.set_window_size(width, 900)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, min(max(height, 600), 6000))
        if width == PHONE:
            wide = browser.execute_script("return document.documentElement.scrollWidth")
            inner = browser.execute_script("return document.documentElement.clientWidth")
            assert wide <= inner, f"{name}: {wide} px wide on a {inner} px screen"
        path = shots / f"{name}-{width}.png"
        assert browser.save_screenshot(str(path)) and path.stat().st_size > 5_000
        if os.environ.get("NHACVIEC_SHOTS"):
            Path(os.environ["NHACVIEC_SHOTS"]).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(os.environ["NHACVIEC_SHOTS"]) / path.name)
    return browser.page_source


A4 = (595, 842)  # points


def printed_pages(browser: webdriver.Chrome) -> set[tuple[int, int]]:
    """The sizes of the pages the browser prints the page on, letting the page's stylesheet choose them."""
    data = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert data.startswith(b"%PDF") and boxes
    return {(round(float(w)), round(float(h))) for w, h in boxes}


def drawn(browser: webdriver.Chrome) -> dict[str, str]:
    """The whole's figures as drawn on the screen (the tiles' visible text, not the page's source)."""
    return {e.get_attribute("data-figure"): e.text for e in
            browser.find_elements(By.CSS_SELECTOR, ".tiles [data-figure], .asides [data-figure]")}


def test_the_communes_page_shows_the_status_figures(board, browser, shots) -> None:
    base, plan_id, sessions = board
    html = look(browser, f"{base}/b/xa/", "commune", shots)
    with sessions() as session:
        expected = status_counts(session, session.get(Plan, plan_id), TODAY)
    assert page_counts(html) == expected
    assert tuple(int(drawn(browser)[key]) for key in FIELDS) == expected["plan"]
    assert browser.title.startswith("Nam An Phụ") and "Tính đến ngày 08/04/2026" in browser.page_source
    assert printed_pages(browser) == {A4}  # every page of its print on A4, as the stylesheet's @page says
    red = browser.find_elements(By.CSS_SELECTOR, "section.list.red li a")
    assert len(red) == expected["plan"][4]
    red[0].click()  # a red line opens its task's page
    assert "/b/xa/viec/" in browser.current_url and "Các kỳ" in browser.page_source


def test_a_units_page_shows_its_own_figures(board, browser, shots) -> None:
    base, plan_id, sessions = board
    html = look(browser, f"{base}/b/hcc/", "unit", shots)
    with sessions() as session:
        plan = session.get(Plan, plan_id)
        expected = status_counts(session, plan, TODAY, unit_by_code(session, plan_id, "hcc"))
    assert page_counts(html)["plan"] == expected["plan"]
    assert "Trung tâm Phục vụ hành chính công" in browser.title


def test_a_tasks_page_reads_on_a_phone(board, browser, shots) -> None:
    base, _plan_id, _sessions = board
    look(browser, f"{base}/b/xa/viec/17", "task", shots)
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Giải trình" in text and "quá hạn" in text and "Lịch sử" in text


def test_the_citys_page_and_its_sorting(board, browser, shots) -> None:
    base, plan_id, sessions = board
    html = look(browser, f"{base}/b/tp/", "city", shots)
    with sessions() as session:
        expected = status_counts(session, session.get(Plan, plan_id), TODAY)
    assert page_counts(html)[f"commune:{plan_id}"] == expected["plan"]
    browser.find_element(By.LINK_TEXT, "tên xã").click()
    assert browser.current_url.endswith("?sort=ten") and page_counts(browser.page_source) == page_counts(html)
    browser.find_element(By.LINK_TEXT, "Nam An Phụ").click()
    assert page_counts(browser.page_source)["plan"] == expected["plan"]


def test_a_refused_link_shows_a_short_page(board, browser) -> None:
    base, _plan_id, _sessions = board
    browser.get(f"{base}/b/khong-dung/")
    assert texts.REFUSED in browser.find_element(By.TAG_NAME, "main").text


def test_a_link_given_in_the_chat_opens_until_revoked_or_expired_and_a_forged_one_never(signed, browser) -> None:
    base, chat, moment = signed
    said = chat.text("hcc", "bảng", at=moment[0])
    path = BOARD_LINK.search(said)[1]
    browser.get(base + path)
    assert "Trung tâm Phục vụ hành chính công" in browser.title and browser.find_elements(By.CSS_SELECTOR, ".tiles")
    token = path.split("/")[2]
    for forged in forgeries(token):
        browser.get(f"{base}/b/{forged}/")
        assert texts.REFUSED in browser.find_element(By.TAG_NAME, "main").text, forged
    moment[0] += timedelta(days=SETTINGS.board_days + 1)
    browser.get(base + path)
    assert texts.REFUSED in browser.find_element(By.TAG_NAME, "main").text  # expired
    moment[0] -= timedelta(days=SETTINGS.board_days + 1)
    browser.get(base + path)
    assert texts.REFUSED not in browser.page_source  # within its 30 days again: it opens
    assert "Đã thu hồi" in chat.text("hcc", "thu hồi bảng", at=moment[0])
    browser.get(base + path)
    assert texts.REFUSED in browser.find_element(By.TAG_NAME, "main").text  # revoked
