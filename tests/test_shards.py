"""bin/test's shards: every test file runs in exactly one shard, and a shard's
failure, or a shard that died before its summary, fails the whole run."""
import os
import subprocess
import sys

import odoo
import odoo.tests.common

import shards

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collected_files():
    """The files pytest itself collects tests from (the whole suite)."""
    result = subprocess.run(
        [sys.executable, '-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider',
         '--odoo-config=%s' % odoo.tools.config.rcfile,
         '--odoo-database=%s' % odoo.tests.common.get_db_name()],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k not in ('USER', 'HOST', 'PORT', 'PASSWORD')})
    assert result.returncode == 0, result.stdout[-3000:]
    return {line.split('::')[0] for line in result.stdout.splitlines() if '::' in line}


def test_plan_runs_every_test_file_once():
    """Every file pytest collects a test from runs in exactly one shard."""
    planned = shards.plan(2)
    files = [path for shard in planned for path in shard]
    assert len(files) == len(set(files))
    collected = _collected_files()
    assert 'tests/test_shards.py' in collected
    assert 'retail_governance/tests/test_store_rules.py' in collected
    assert collected <= set(files), sorted(collected - set(files))
    assert len(planned) == 2 and all(planned)


def test_plan_balances_the_known_durations():
    seconds = shards.read_durations()
    loads = [sum(seconds.get(path, shards.DEFAULT_SECONDS) for path in shard)
             for shard in shards.plan(2)]
    assert max(loads) - min(loads) <= max(seconds.values(), default=shards.DEFAULT_SECONDS)


def _summary(tmp_path, *texts):
    logs = []
    for index, text in enumerate(texts):
        log = tmp_path / ('shard-%d.log' % index)
        log.write_text(text)
        logs.append(str(log))
    return subprocess.run([sys.executable, os.path.join(ROOT, 'tests', 'shards.py'), 'summary']
                          + logs, stdout=subprocess.PIPE, universal_newlines=True)


def test_summary_sums_the_shards(tmp_path):
    result = _summary(
        tmp_path,
        'retail_x/tests/test_a.py ..F\n=== 1 failed, 2 passed in 12.50s ===\n',
        'tests/test_b.py ..\n========= 3 passed, 1 skipped in 20.00s (0:00:20) =========\n')
    assert result.returncode == 0
    assert result.stdout.strip() == '1 failed, 5 passed, 1 skipped in 20.00s (2 shards)'


def test_shard_without_summary_fails_the_run(tmp_path):
    """A shard killed before its summary line (a crash, the OOM killer) fails the run."""
    result = _summary(tmp_path, '=== 4 passed in 1.00s ===\n', 'tests/test_b.py ..')
    assert result.returncode == 1
    assert result.stdout.strip() == '4 passed in 1.00s (2 shards)'
