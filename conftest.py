"""Suite-wide pytest hooks: the ledger invariants run after every test.

Odoo test cases (SavepointCase, TransactionCase) roll their changes back in
tearDown, so the invariants run inside the test's own cursor just before that
rollback; a failing invariant fails the test that broke it. Tests that drive a
real server (XML-RPC, browser) commit through it, so the invariants run on the
committed test database after them.
"""
import os
import sys

import odoo
import pytest
from odoo.tests.common import BaseCase

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'tests'))

import invariants  # noqa: E402  (needs the path above)


def _assert_invariants(cr):
    broken = invariants.broken_invariants(cr)
    if broken:
        raise AssertionError(invariants.format_broken(broken))


@pytest.fixture(autouse=True)
def ledger_invariants(request):
    testcase = request.instance
    if isinstance(testcase, BaseCase):
        original_teardown = testcase.tearDown

        def teardown_after_invariants():
            try:
                _assert_invariants(testcase.cr)
            finally:
                original_teardown()

        testcase.tearDown = teardown_after_invariants
        yield
        return
    yield
    with odoo.sql_db.db_connect(odoo.tests.common.get_db_name()).cursor() as cr:
        _assert_invariants(cr)
