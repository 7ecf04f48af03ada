import pytest

from armstrace.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "test.db"))
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
