"""The plugin talks HTTP through QGIS's own network stack: with a proxy set under Settings ▸
Options ▸ Network, every request to the publisher passes through it (a loopback proxy here)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QThreadPool

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publisher"))

from http_proxy import LoopbackProxy
from plugin.core.background import BackgroundCall
from plugin.core.publisher_client import PublisherClient, PublisherError

PROXY_KEYS = (
    "proxy/proxyEnabled",
    "proxy/proxyType",
    "proxy/proxyHost",
    "proxy/proxyPort",
    "proxy/proxyExcludedUrls",
    "proxy/noProxyUrls",
)


def _fresh_task_threads() -> int:
    """Each of QGIS's task threads reads the network settings once, when its network manager
    starts. With the pool's expiry at 0 every idle thread ends after one more (empty) job, so
    the next tasks start threads that read the settings as they are now; returns the old expiry."""
    pool = QThreadPool.globalInstance()
    expiry = pool.expiryTimeout()
    pool.setExpiryTimeout(0)
    for _ in range(pool.maxThreadCount()):
        pool.start(lambda: None)
    pool.waitForDone()
    return expiry


@pytest.fixture(scope="module")
def proxy():
    """A loopback proxy configured in QGIS as a planner would; the settings restored after."""
    stored = QgsSettings()
    saved = {key: stored.value(key) for key in PROXY_KEYS if stored.contains(key)}
    with LoopbackProxy() as running:
        stored.setValue("proxy/proxyEnabled", True)
        stored.setValue("proxy/proxyType", "HttpProxy")
        stored.setValue("proxy/proxyHost", "127.0.0.1")
        stored.setValue("proxy/proxyPort", str(running.port))
        stored.setValue("proxy/proxyExcludedUrls", "")
        stored.setValue("proxy/noProxyUrls", "")
        QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()
        expiry = _fresh_task_threads()
        yield running
        for key in PROXY_KEYS:
            stored.remove(key)
        for key, value in saved.items():
            stored.setValue(key, value)
        QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()
        _fresh_task_threads()
        QThreadPool.globalInstance().setExpiryTimeout(expiry)


def _in_task(work):
    """Runs ``work`` as the plugin's dialogs do: in a QgsTask, off the main thread."""
    outcome = []
    task = BackgroundCall("test", work)
    task.done.connect(outcome.append)
    task.failed.connect(outcome.append)
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 120
    while not outcome and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert outcome, "the task did not finish"
    return outcome[0]


def test_every_request_passes_through_the_proxy_qgis_is_set_to(
    proxy, publisher, tmp_path, shared_data
):
    client = PublisherClient(publisher["url"], publisher["indsender"])
    listing = _in_task(client.references)
    assert isinstance(listing, list)
    submissions = _in_task(lambda: client.submissions("0167"))
    assert isinstance(submissions, list)
    in_main_thread = client.submissions("0167")
    assert [s["id"] for s in in_main_thread] == [s["id"] for s in submissions]
    empty = tmp_path / "tom.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    answer = _in_task(lambda: client.submit(empty, "0167"))
    assert answer["status"] in ("til_godkendelse", "afvist_automatisk")

    api = f"{publisher['url']}/api/v1"
    assert ("GET", f"{api}/references") in proxy.seen
    assert ("GET", f"{api}/submissions?kommune=0167") in proxy.seen
    assert proxy.seen.count(("GET", f"{api}/submissions?kommune=0167")) == 2
    assert ("POST", f"{api}/submissions") in proxy.seen


def test_a_proxy_that_cannot_reach_the_publisher_gives_a_clear_message(proxy):
    client = PublisherClient("http://127.0.0.1:9", "token")
    error = _in_task(client.references)
    assert isinstance(error, PublisherError)
    assert error.message("da").startswith("Publiceringstjenesten svarede 502")
    assert ("GET", "http://127.0.0.1:9/api/v1/references") in proxy.seen


def test_the_client_follows_the_publishers_pages_past_the_first_hundred(tmp_path):
    """ "Mine indsendelser" lists every submission, also beyond the default page of 100."""
    from loopback import LoopbackServer
    from publisher.api import create_app
    from publisher.auth import add_user
    from publisher.settings import Settings
    from publisher.store import Store
    from publisher_support import HVIDOVRE, add_stored_submission

    settings = Settings.load(data_dir=tmp_path / "data", environ={})
    store = Store.open(settings.database)
    token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")[1]
    ids = [add_stored_submission(store, HVIDOVRE) for _ in range(105)]
    app = create_app(settings, store=store, release_hooks=[], blueprints=[])
    with LoopbackServer(app) as running:
        client = PublisherClient(running.url, token)
        assert [s["id"] for s in _in_task(lambda: client.submissions(HVIDOVRE))] == ids[::-1]
