"""Property-based: schemathesis generates requests from the OpenAPI schema and runs all its checks on every
response (no 5xx, only documented status codes, bodies and headers as documented, bad input rejected)."""
import schemathesis
from hypothesis import HealthCheck, settings

from armstrace.api import create_app
from armstrace.pipeline import extract
from armstrace.store import Store
from armstrace.workflow import ingest


def _app(tmp):
    root = tmp / "c"
    root.mkdir()
    (root / "a.txt").write_text("Arms News\n\nMay 2, 2019\n\nRussia sold S-400 systems to Turkey in 2017 for $2.5 "
                                "billion. On May 1, 2019, Turkey and Russia held talks.\n")
    store = Store(str(tmp / "p.db"))
    ingest(store, [root], extractor=extract)
    return create_app(store=store, token="t0ken", allowed_hosts=["testserver", "localhost"])


import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

schema = schemathesis.openapi.from_asgi("/openapi.json", _app(Path(tempfile.mkdtemp())))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_check_passes(case):
    case.call_and_validate()  # all of schemathesis's checks: no 5xx, documented codes, headers and bodies
