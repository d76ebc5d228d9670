#!/usr/bin/env python3
"""A chat completions server with known timing, for checking `foundry bench` (standard library only).

Streamed answers: the first chunk is written FIRST_MS after the request arrived, then one chunk
every INTERVAL_MS, CHUNKS chunks in all, each on a deadline computed from the arrival (lateness
never accumulates), with usage and [DONE] after the last. Whole answers come FIRST_MS after the
request. One thread, one epoll loop over non-blocking sockets and a heap of deadlines, so a
write costs a few microseconds and the server keeps its schedule at hundreds of concurrent
streams; it runs in a process of its own, so the client under test shares nothing with it but
the machine. `GET /stats` returns the requests received and how late writes were (median and
maximum, ms).

    bench_reference_server.py [--first-ms 200] [--interval-ms 20] [--chunks 50] [--fail-with STATUS]

Prints `listening on http://127.0.0.1:PORT/v1` on stderr once it accepts connections.
"""
import argparse
import heapq
import itertools
import json
import select
import socket
import sys
import time

CHUNK = b'data: {"choices":[{"index":0,"delta":{"content":" tok"},"finish_reason":null}]}\n\n'


def chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


class Connection:
    def __init__(self, sock):
        self.sock = sock
        self.inbox = b""
        self.outbox = b""


class Server:
    def __init__(self, args):
        self.args = args
        self.requests = 0
        self.late = []
        self.events = []  # (deadline, sequence, connection, step)
        self.sequence = itertools.count()
        self.connections = {}
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1024)
        self.listener.setblocking(False)
        tail_usage = json.dumps({"prompt_tokens": 8, "completion_tokens": args.chunks, "total_tokens": 8 + args.chunks}).encode()
        tail = b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":%s}\n\ndata: [DONE]\n\n' % tail_usage
        self.stream_chunk = chunked(CHUNK)
        self.stream_last = chunked(CHUNK) + chunked(tail) + b"0\r\n\r\n"
        whole = {"id": "ref", "object": "chat.completion",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": " tok" * args.chunks}, "finish_reason": "length"}],
                 "usage": json.loads(tail_usage)}
        self.whole = self.response(200, json.dumps(whole).encode())

    @staticmethod
    def response(status: int, body: bytes) -> bytes:
        return b"HTTP/1.1 %d X\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (status, len(body), body)

    def schedule(self, deadline, connection, step):
        heapq.heappush(self.events, (deadline, next(self.sequence), connection, step))

    def send(self, connection, data: bytes):
        if connection.outbox:
            connection.outbox += data
            return
        try:
            sent = connection.sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self.drop(connection)
            return
        if sent < len(data):
            connection.outbox = data[sent:]
            self.poller.modify(connection.sock.fileno(), select.EPOLLIN | select.EPOLLOUT)

    def drop(self, connection):
        fd = connection.sock.fileno()
        if fd >= 0:
            self.connections.pop(fd, None)
            try:
                self.poller.unregister(fd)
            except (OSError, ValueError):
                pass
        connection.sock.close()

    def requests_in(self, connection, arrived):
        while True:
            end = connection.inbox.find(b"\r\n\r\n")
            if end < 0:
                return
            head = connection.inbox[:end].decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in head[1:] if ":" in l)}
            length = int(headers.get("content-length", "0"))
            if len(connection.inbox) < end + 4 + length:
                return
            body = connection.inbox[end + 4:end + 4 + length]
            connection.inbox = connection.inbox[end + 4 + length:]
            method, path = head[0].split(" ")[:2]
            if method == "GET" and path.startswith("/stats"):
                late = sorted(self.late)
                doc = {"requests": self.requests, "late_median_ms": late[len(late) // 2] if late else 0,
                       "late_max_ms": late[-1] if late else 0}
                self.send(connection, self.response(200, json.dumps(doc).encode()))
                continue
            self.requests += 1
            if self.args.fail_with:
                error = {"error": {"message": "refused by the reference server", "code": self.args.fail_with}}
                self.send(connection, self.response(self.args.fail_with, json.dumps(error).encode()))
                continue
            first = arrived + self.args.first_ms / 1000
            # A request costs one byte search and one heap entry: the next chunk of a stream is
            # scheduled when the previous one is written, so a burst of requests is read at once.
            if b'"stream":true' in body or b'"stream": true' in body:
                self.send(connection, b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                self.schedule(first, connection, (first, 0))
            else:
                self.schedule(first, connection, None)

    def fire(self, connection, step):
        """Writes what is due now: a whole answer (step None) or chunk k of a stream."""
        if step is None:
            self.send(connection, self.whole)
            return
        first, k = step
        if k == self.args.chunks - 1:
            self.send(connection, self.stream_last)
            return
        self.send(connection, self.stream_chunk)
        self.schedule(first + (k + 1) * self.args.interval_ms / 1000, connection, (first, k + 1))

    def run(self):
        self.poller = select.epoll()
        self.poller.register(self.listener.fileno(), select.EPOLLIN)
        print(f"listening on http://127.0.0.1:{self.listener.getsockname()[1]}/v1", file=sys.stderr, flush=True)
        while True:
            now = time.monotonic()
            while self.events and self.events[0][0] <= now:
                deadline, _, connection, step = heapq.heappop(self.events)
                if connection.sock.fileno() < 0:
                    continue
                self.late.append((time.monotonic() - deadline) * 1000)
                self.fire(connection, step)
            # epoll.poll() waits whole milliseconds; select() on the epoll descriptor waits to the
            # microsecond, so deadlines are kept and input is seen the moment it comes.
            wait = max(0.0, self.events[0][0] - time.monotonic()) if self.events else None
            readable, _, _ = select.select([self.poller.fileno()], [], [], wait)
            ready = self.poller.poll(0) if readable else []
            arrived = time.monotonic()
            for fd, mask in ready:
                if fd == self.listener.fileno():
                    while True:
                        try:
                            client, _ = self.listener.accept()
                        except (BlockingIOError, InterruptedError):
                            break
                        client.setblocking(False)
                        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                        self.connections[client.fileno()] = Connection(client)
                        self.poller.register(client.fileno(), select.EPOLLIN)
                    continue
                connection = self.connections.get(fd)
                if connection is None:
                    continue
                if mask & select.EPOLLOUT and connection.outbox:
                    pending, connection.outbox = connection.outbox, b""
                    self.poller.modify(fd, select.EPOLLIN)
                    self.send(connection, pending)
                if not mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                    continue
                try:
                    data = connection.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    self.drop(connection)
                    continue
                connection.inbox += data
                self.requests_in(connection, arrived)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--first-ms", type=float, default=200)
    p.add_argument("--interval-ms", type=float, default=20)
    p.add_argument("--chunks", type=int, default=50)
    p.add_argument("--fail-with", type=int)
    try:
        Server(p.parse_args()).run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
