#!/usr/bin/env python3
"""The upload target of bench/load/bodies.sh: an HTTP/1.1 server on 127.0.0.1:7151 that reads every byte of each
request body (Content-Length or chunked) into one reused buffer, then answers 200 with the byte count. Keep-alive;
one thread per connection. Not a measured proxy: the "direct" row shows its ceiling on this machine."""
import socket
import sys
import threading

BUFFER = 1 << 20


def serve(conn):
    buf = bytearray(BUFFER)
    view = memoryview(buf)
    pending = b""
    try:
        while True:
            while b"\r\n\r\n" not in pending:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                pending += chunk
            head, pending = pending.split(b"\r\n\r\n", 1)
            headers = {}
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            if headers.get(b"expect", b"").lower() == b"100-continue":
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            total = 0
            if b"content-length" in headers:
                remaining = int(headers[b"content-length"]) - len(pending)
                total = len(pending)
                pending = b""
                while remaining > 0:
                    n = conn.recv_into(view, min(BUFFER, remaining))
                    if n == 0:
                        return
                    remaining -= n
                    total += n
            elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
                while True:
                    while b"\r\n" not in pending:
                        more = conn.recv(65536)
                        if not more:
                            return
                        pending += more
                    size_line, pending = pending.split(b"\r\n", 1)
                    size = int(size_line.split(b";")[0], 16)
                    need = size + 2  # the chunk and its CRLF
                    if size == 0:
                        while not pending.startswith(b"\r\n") and b"\r\n\r\n" not in pending:
                            more = conn.recv(65536)
                            if not more:
                                return
                            pending += more
                        pending = pending[2:] if pending.startswith(b"\r\n") else pending.split(b"\r\n\r\n", 1)[1]
                        break
                    take = min(need, len(pending))
                    pending = pending[take:]
                    need -= take
                    while need > 0:
                        n = conn.recv_into(view, min(BUFFER, need))
                        if n == 0:
                            return
                        need -= n
                    total += size
            body = f"{total}\n".encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    finally:
        conn.close()


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 7151
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    while True:
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
