"""A real server on a free loopback port, for the tests that talk to the API as a client would."""
import contextlib
import socket
import threading
import time

import uvicorn


@contextlib.contextmanager
def live_server(app):
    """Serve app with uvicorn on 127.0.0.1 until the block ends; yields (base URL, port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(400):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", port
    finally:
        srv.should_exit = True
        thread.join(10)
