"""Fixtures of the suite-level tests: a real Odoo server on the test database."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import odoo
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_DIR = os.path.join(ROOT, '.run')
ARTIFACTS = os.path.join(ROOT, 'tests', 'artifacts')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class OdooServer(object):
    """An Odoo HTTP server process serving one database on a free local port."""

    def __init__(self, database):
        self.database = database
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.logfile = os.path.join(RUN_DIR, 'test-server-%d.log' % self.port)
        self.process = None
        self.ready_offset = 0

    def start(self, timeout=180):
        config = odoo.tools.config.rcfile
        self.process = subprocess.Popen([
            sys.executable, os.path.join(ROOT, 'bin', 'odoo-bin'), '-c', config,
            '-d', self.database, '--db-filter', '^%s$' % self.database,
            '--http-port', str(self.port), '--http-interface', '127.0.0.1',
            '--workers', '0', '--max-cron-threads', '0',
            '--logfile', self.logfile,
        ], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('Odoo exited with %s, see %s' % (
                    self.process.returncode, self.logfile))
            try:
                with urllib.request.urlopen(self.url + '/web/login', timeout=30) as resp:
                    if resp.status == 200:
                        # Tests judge what the server logs from here on.
                        self.ready_offset = os.path.getsize(self.logfile)
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError('Odoo did not answer on %s, see %s' % (self.url, self.logfile))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log_errors(self):
        """ERROR and CRITICAL lines the server logged once it served pages."""
        with open(self.logfile) as log:
            log.seek(self.ready_offset)
            return [line for line in log if ' ERROR ' in line or ' CRITICAL ' in line
                    or line.startswith('Traceback')]


@pytest.fixture(scope='session')
def odoo_server():
    server = OdooServer(odoo.tests.common.get_db_name()).start()
    yield server
    server.stop()


@pytest.fixture(scope='session')
def artifacts_dir():
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS
