"""Small misbehaving servers for loopback tests."""

from __future__ import annotations

import socket
import threading


def reset_server(host: str = "127.0.0.1") -> tuple[socket.socket, int]:
    """A server that accepts connections and closes them at once (connection reset)."""
    server = socket.socket()
    server.bind((host, 0))
    server.listen(16)

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]
