"""Suite-wide pytest hooks: the ledger invariants run after every test.

Odoo test cases (SavepointCase, TransactionCase) roll their changes back in
tearDown, so the invariants run inside the test's own cursor just before that
rollback; a failing invariant fails the test that broke it. Tests that drive a
real server (XML-RPC, browser) commit through it, so the invariants run on the
committed test database after them.
"""
import os
import sys

import _pytest.main
import odoo
import pytest
from odoo.tests.common import BaseCase

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'tests'))

import invariants  # noqa: E402  (needs the path above)


def _inside_addon(path):
    """Whether pytest-odoo finds a manifest above ``path`` (it looks 5 levels up)."""
    return any((parent / '__manifest__.py').is_file() for parent in list(path.parents)[:6])


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path, config):
    """pytest-odoo 1.0.1 takes every path for an addon's and crashes on the
    others (tests/, addons/): answer for those before it is asked."""
    if not _inside_addon(collection_path):
        # pytest's own answer first, so that --ignore and --ignore-glob still work.
        return bool(_pytest.main.pytest_ignore_collect(collection_path, config))
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    """Same fix for collection: suite-level test files are plain modules."""
    if not _inside_addon(module_path):
        return pytest.Module.from_parent(parent, path=module_path)
    return None


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


def _release_cursor_when_class_setup_fails(cls):
    """unittest skips tearDownClass when setUpClass raises: the class's cursor
    then stays open with its locks (a user created in setUpClass locks Odoo's
    general channel), and the next class that creates a user waits for it
    forever. Roll it back and close it, then let the error fail the class."""
    setup = cls.setUpClass.__func__

    def guarded_setup(klass):
        try:
            setup(klass)
        except BaseException:
            cr = klass.__dict__.get('cr')
            if cr is not None and not cr.closed:
                cr.rollback()
                cr.close()
            raise

    guarded_setup.retail_guarded = True
    cls.setUpClass = classmethod(guarded_setup)


def pytest_pycollect_makeitem(collector, name, obj):
    """Guards Odoo test classes as they are collected (pytest's unittest plugin
    takes their setUpClass right then)."""
    if isinstance(obj, type) and issubclass(obj, BaseCase) and not getattr(
            obj.setUpClass.__func__, 'retail_guarded', False):
        _release_cursor_when_class_setup_fails(obj)
