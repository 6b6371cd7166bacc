#!/usr/bin/python3
"""An SMTP sink for the mail tests (python3-aiosmtpd from Debian).

usage: smtp-sink.py DIR
Listens on 127.0.0.1 at a free port, prints "PORT N" once it accepts
connections, and writes each message it receives to DIR as N.eml (the
bytes as received) beside N.json (the envelope's sender and recipients).
Runs until it is sent SIGTERM or its standard input closes."""
import asyncio
import json
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            base = os.path.join(self.folder, str(self.count))
        with open(base + '.eml.part', 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + '.json', 'w') as f:
            json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos}, f)
        # the .eml appears whole, never half written
        os.rename(base + '.eml.part', base + '.eml')
        return '250 OK'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    controller = Controller(Sink(folder), hostname='127.0.0.1',
                            port=free_port())
    controller.start()
    print('PORT', controller.port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()),
                     daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == '__main__':
    main()
