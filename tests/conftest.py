import pytest

from armstrace.store import Store


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server for the session (each test gets its own database)."""
    import shutil
    import tempfile
    from pathlib import Path

    from benchmarks.pgserver import PostgresServer

    root = Path(tempfile.mkdtemp(prefix="armstrace-pg-"))  # not under pytest's root-only temp dirs
    server = PostgresServer(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """The store on each backend: the store and workflow suites run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        s = Store(str(tmp_path / "test.db"))
    else:
        s = Store(request.getfixturevalue("postgres").new_database())
    yield s
    s.close()


@pytest.fixture
def write(tmp_path):
    """write('a.txt', 'text') → path of a new file under a corpus folder of the test."""
    root = tmp_path / "corpus"
    root.mkdir()

    def _write(name, content, encoding="utf-8"):
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding=encoding)
        return p

    _write.root = root
    return _write
