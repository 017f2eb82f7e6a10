#!/usr/bin/python3
"""browser.py URL SHOTS_DIR XSS_NAME: drives rapor-web in a real headless
Chromium (Debian's chromium + chromium-driver, through python3-selenium)
and exits non-zero, saying why, if the screens are wrong.

Run by tests/integration/test_web.c once rapor-web holds a finalized
quarter; RAPOR_TEST_FINALIZE is a JSON list of commands (argv lists) that
finalize another quarter while the hall page is left open. Screenshots
go to SHOTS_DIR at 1920x1080."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

URL, SHOTS, XSS = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(SHOTS, exist_ok=True)


def fail(message):
    print("FAIL: " + message, flush=True)
    raise SystemExit(1)


def check(condition, message):
    if not condition:
        fail(message)


def api(path):
    with urllib.request.urlopen(URL + path, timeout=10) as r:
        return r.read().decode("utf-8")


def wait_for(what, predicate, seconds=15):
    """Polls predicate until it is true; a deadline, not a sleep."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page may be between two renders
            pass
        time.sleep(0.05)
    fail("timed out waiting for " + what)


def no_alert(driver, where):
    try:
        alert = driver.switch_to.alert
        fail(where + ": a JavaScript alert opened: " + alert.text)
    except NoAlertPresentException:
        pass


def shot(driver, name):
    path = os.path.join(SHOTS, name)
    driver.save_screenshot(path)
    check(os.path.getsize(path) > 10000, "screenshot " + path + " is empty")
    print("screenshot " + path, flush=True)


def start():
    profile = tempfile.mkdtemp(prefix="rapor-web-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1920,1080",
                 "--hide-scrollbars", "--user-data-dir=" + profile):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1920, "height": 1080, "deviceScaleFactor": 1,
                            "mobile": False})
    return driver, profile


# Every row of the table at one instant: its OPD, classes, name and TPP label.
ROWS_SCRIPT = """return Array.from(document.querySelectorAll('#rows tr')).map(r => ({
    opd: r.getAttribute('data-opd'), class: r.getAttribute('class'),
    name: (r.querySelector('.opd-name') || {}).textContent,
    tpp: (r.querySelector('td.tpp') || {}).textContent }))"""


def hall(driver, ranking):
    driver.get(URL + "/")
    wait_for("the hall page to show ranking %d" % ranking["seq"],
             lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-seq")
             == str(ranking["seq"]))
    # Read in one script: the page re-renders its rows when a status
    # broadcast arrives (every heartbeat), and an element found a moment
    # earlier may be gone by the next call ("stale element reference").
    rows = driver.execute_script(ROWS_SCRIPT)
    check(len(rows) == len(ranking["entries"]),
          "%d rows for %d OPDs" % (len(rows), len(ranking["entries"])))
    for row, entry in zip(rows, ranking["entries"]):
        classes = set((row["class"] or "").split())
        check(row["opd"] == entry["opd"],
              "row order: %s where %s belongs" % (row["opd"], entry["opd"]))
        name = row["name"]
        check(name == entry["name"], "name %r shown as %r" % (entry["name"], name))
        want = {"reward"} if entry["tpp_pct"] > 0 else {"punish"} if entry["tpp_pct"] < 0 else set()
        check(want <= classes and not ({"reward", "punish"} - want) & classes,
              "%s (tpp %d) has classes %s" % (entry["opd"], entry["tpp_pct"], classes))
        check(("best" in classes) == entry["best"] and ("worst" in classes) == entry["worst"],
              "%s best/worst classes %s" % (entry["opd"], classes))
        label = row["tpp"]
        if entry["tpp_pct"] > 0:
            check("▲" in label and "+%d%% TPP" % entry["tpp_pct"] in label, "reward label " + label)
        if entry["tpp_pct"] < 0:
            check("▼" in label and "%d%% TPP" % -entry["tpp_pct"] in label, "punish label " + label)
    rewarded = [e for e in ranking["entries"] if e["tpp_pct"] > 0]
    punished = [e for e in ranking["entries"] if e["tpp_pct"] < 0]
    check(len(rewarded) >= 5 and len(punished) >= 5,
          "the test quarter must reward and punish at least five (%d, %d)"
          % (len(rewarded), len(punished)))
    text = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    check("Lengkap %d dari %d OPD" % (ranking["complete"], ranking["opds"]) in text,
          "no complete count in the page")
    check(ranking["digest"] in text, "no digest in the page")
    first_total = ranking["entries"][0]["total"].replace(".", ",")
    check(first_total in text, "total %s not written the Indonesian way" % first_total)
    # The XSS name is text: no alert, no script element it made.
    check(any(e["name"] == XSS for e in ranking["entries"]), "the XSS OPD is not ranked")
    no_alert(driver, "hall")
    scripts = driver.execute_script("return document.scripts.length")
    check(scripts == 2, "%d script elements: one came from the data" % scripts)
    # The first page starts with the best; everything visible fits the screen.
    visible = driver.execute_script(
        "return Array.from(document.querySelectorAll('#rows tr')).filter(r => !r.hidden)"
        ".map(r => r.getBoundingClientRect().bottom)")
    check(visible and max(visible) <= 1080, "rows run off the screen: %s" % max(visible or [0]))
    shot(driver, "hall.png")


def upacara(driver, ranking):
    entries = ranking["entries"]
    driver.get(URL + "/upacara")
    wait_for("the ceremony page", lambda: driver.find_element(By.TAG_NAME, "body")
             .get_attribute("data-revealed") == "0")
    order = list(reversed(entries))         # the last rank first, the best last
    presses = min(len(entries), 8)
    for n in range(1, presses + 1):
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        wait_for("press %d to reveal one OPD" % n,
                 lambda: driver.find_element(By.TAG_NAME, "body")
                 .get_attribute("data-revealed") == str(n))
        shown = [r["opd"] for r in driver.execute_script(ROWS_SCRIPT)]
        check(sorted(shown) == sorted(e["opd"] for e in order[:n]),
              "after %d presses the page shows %s" % (n, shown))
        dom = driver.execute_script("return document.documentElement.outerHTML")
        source = api("/api/upacara")
        for hidden in order[n:]:
            for text in (hidden["opd"], hidden["name"]):
                check(text not in dom or any(text in e["name"] for e in order[:n]),
                      "unrevealed %s is in the DOM after %d presses" % (text, n))
                encoded = json.dumps(text)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
                check(encoded not in source or any(text in e["name"] for e in order[:n]),
                      "unrevealed %s is in /api/upacara" % text)
        check(order[n - 1]["name"] in driver.find_element(By.ID, "spotlight")
              .get_attribute("textContent"), "the newest is not in the spotlight")
    no_alert(driver, "ceremony")
    shot(driver, "upacara.png")
    driver.refresh()
    wait_for("a reload to resume the ceremony",
             lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-revealed")
             == str(presses))
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    wait_for("← to go back one", lambda: driver.find_element(By.TAG_NAME, "body")
             .get_attribute("data-revealed") == str(presses - 1))


def opd_card(driver, ranking):
    xss = next(e for e in ranking["entries"] if e["name"] == XSS)
    driver.get(URL + "/opd/" + xss["opd"])
    wait_for("the OPD card", lambda: driver.find_element(By.ID, "name").text == XSS)
    bars = driver.find_elements(By.CSS_SELECTOR, "#bars svg rect")
    check(len(bars) == 12, "%d bars, not 6 self-assessed and 6 verified" % len(bars))
    no_alert(driver, "OPD card")
    shot(driver, "opd.png")


def status_panel(driver):
    box = driver.find_element(By.ID, "status")
    if box.get_attribute("hidden") is not None:
        return None
    return box.get_attribute("data-period"), box.get_attribute("data-status"), box.text


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    check(done.returncode == 0, " ".join(argv[-3:]) + ": " + done.stdout + done.stderr)


def live(driver, ranking):
    """The hall page, left open, follows the next quarter (open, then
    closed) through the period status broadcasts, then shows its
    finalization, all without reload."""
    driver.get(URL + "/")
    wait_for("the hall page", lambda: driver.find_element(By.TAG_NAME, "body")
             .get_attribute("data-seq") == str(ranking["seq"]))
    driver.execute_script("window.raporNoReload = 'still here'")
    close, finalize = json.loads(os.environ["RAPOR_TEST_FINALIZE"])
    panel = wait_for("the status of 2024-Q2 (open)",
                     lambda: (status_panel(driver) or (0, 0))[1] == "open" and status_panel(driver))
    check(panel[0] == "2024-Q2" and "Triwulan II 2024" in panel[2]
          and "Lengkap 0 dari %d OPD" % ranking["opds"] in panel[2], "status panel: %r" % (panel,))
    run(close)
    panel = wait_for("the status of 2024-Q2 (closed)",
                     lambda: (status_panel(driver) or (0, 0))[1] == "closed" and status_panel(driver))
    check("masa sanggah" in panel[2], "status panel: %r" % (panel,))
    shot(driver, "hall-status.png")
    run(finalize)
    wait_for("the new ranking through /events",
             lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-seq")
             == str(ranking["seq"] + 1))
    check(driver.execute_script("return window.raporNoReload") == "still here",
          "the page was reloaded")
    check("Triwulan II 2024" in driver.find_element(By.ID, "period").text,
          "the period shown is " + driver.find_element(By.ID, "period").text)
    wait_for("the status panel to go", lambda: status_panel(driver) is None)


def main():
    ranking = json.loads(api("/api/ranking"))
    driver, profile = start()
    try:
        hall(driver, ranking)
        upacara(driver, ranking)
        opd_card(driver, ranking)
        live(driver, ranking)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print("ok", flush=True)


if __name__ == "__main__":
    main()
