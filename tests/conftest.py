"""Fixtures of the suite-level tests: a real Odoo server on the test database."""
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client

import odoo
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_DIR = os.path.join(ROOT, '.run')
ARTIFACTS = os.path.join(ROOT, 'tests', 'artifacts')


# Lines Odoo 11 logs when its start-up load of the database ends.
PRELOAD_DONE = 'odoo.modules.loading: Modules loaded.'
PRELOAD_FAILED = 'Failed to initialize database'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class OdooServer(object):
    """An Odoo HTTP server process serving one database on a free local port."""

    def __init__(self, database, workers=0):
        self.database = database
        self.workers = workers  # > 0: prefork workers, requests run in parallel
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.logfile = os.path.join(RUN_DIR, 'test-server-%d.log' % self.port)
        self.process = None
        self.ready_offset = 0

    def _longpolling_args(self):
        """A server with workers opens a longpolling port too: a free one, so
        that two such servers (a test's and a benchmark's) can run at once."""
        return ['--longpolling-port', str(free_port())] if self.workers else []

    def start(self, timeout=180):
        config = odoo.tools.config.rcfile
        # A log of an earlier server on the same port would show its "Modules loaded."
        if os.path.exists(self.logfile):
            os.remove(self.logfile)
        self.process = subprocess.Popen([
            sys.executable, os.path.join(ROOT, 'bin', 'odoo-bin'), '-c', config,
            '-d', self.database, '--db-filter', '^%s$' % self.database,
            '--http-port', str(self.port), '--http-interface', '127.0.0.1',
            '--workers', str(self.workers), '--max-cron-threads', '0',
            '--logfile', self.logfile,
        ] + self._longpolling_args(), cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        self._wait_for_preload(deadline)
        while time.time() < deadline:
            self._check_alive()
            try:
                with urllib.request.urlopen(self.url + '/web/login', timeout=30) as resp:
                    if resp.status == 200:
                        # Tests judge what the server logs from here on.
                        self.ready_offset = os.path.getsize(self.logfile)
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError('Odoo did not answer on %s, see %s' % (self.url, self.logfile))

    def _check_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError('Odoo exited with %s, see %s' % (
                self.process.returncode, self.logfile))

    def _wait_for_preload(self, deadline):
        """No request before the server has loaded the database's registry: in
        Odoo 11 a request during that load imports modules from a second thread,
        which can reorder base's model classes and break the registry for good
        ("KeyError: 'res.partner'")."""
        while time.time() < deadline:
            self._check_alive()
            if os.path.exists(self.logfile):
                with open(self.logfile) as log:
                    text = log.read()
                if PRELOAD_DONE in text:
                    return
                if PRELOAD_FAILED in text:
                    raise RuntimeError('Odoo could not load %s, see %s' % (
                        self.database, self.logfile))
            time.sleep(0.5)
        raise RuntimeError('Odoo did not load %s in time, see %s' % (
            self.database, self.logfile))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log_offset(self):
        """Where the log ends now: log_errors(since=...) judges what comes after."""
        return os.path.getsize(self.logfile)

    def log_errors(self, since=None):
        """ERROR and CRITICAL lines the server logged once it served pages (or
        since an offset of log_offset(), so that a test judges its own requests)."""
        with open(self.logfile) as log:
            log.seek(self.ready_offset if since is None else since)
            return [line for line in log if ' ERROR ' in line or ' CRITICAL ' in line
                    or line.startswith('Traceback')]


@pytest.fixture(scope='session')
def odoo_server():
    server = OdooServer(odoo.tests.common.get_db_name())
    try:
        server.start()
        yield server
    finally:
        # Also when it never answered: a leftover server keeps the database busy.
        server.stop()


@pytest.fixture(scope='module')
def workers_server():
    """A second server on the test database with two worker processes, so that
    requests really run at once, each in its own transaction."""
    server = OdooServer(odoo.tests.common.get_db_name(), workers=2)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def run_at_once(calls, timeout=300):
    """Runs each call (a function of no argument) in its own thread, released
    together; returns their results or the xmlrpc Fault each raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def call(index):
        barrier.wait()
        try:
            results[index] = calls[index]()
        except xmlrpc.client.Fault as fault:
            results[index] = fault
    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


@pytest.fixture(scope='session')
def artifacts_dir():
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS
