"""The scripts fail loudly and stop cleanly: their shell logic, run for real with
bash, with Odoo itself replaced by a shell function where a real install would
take minutes."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _bash(script, tmp_path, **env):
    full_env = dict(os.environ, **env)
    return subprocess.run(
        ['bash', '-c', 'source "%s/bin/_lib.sh"; RUN_DIR="%s"; %s' % (ROOT, tmp_path, script)],
        cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=60)


def test_failed_install_prints_its_errors(tmp_path):
    """A failing install exits non-zero and prints this run's errors, not older ones."""
    (tmp_path / 'install-db.log').write_text('2026 1 ERROR db old: error of an earlier run\n')
    result = _bash(
        'odoo() { echo "2026 1 ERROR db odoo.modules: this run broke" >> "$RUN_DIR/install-db.log";'
        ' return 255; }; module_installed() { return 1; }; install_modules db m m; echo AFTER',
        tmp_path)
    assert result.returncode == 1, result.stdout
    assert 'installation failed (exit code 255)' in result.stdout
    assert 'this run broke' in result.stdout
    assert 'earlier run' not in result.stdout
    assert 'AFTER' not in result.stdout


def test_upgrade_checks_its_result(tmp_path):
    """An upgrade that logs an error fails even when Odoo exits 0."""
    result = _bash(
        'odoo() { echo "2026 1 CRITICAL db odoo.service: upgrade broke"'
        ' >> "$RUN_DIR/upgrade-db.log"; }; upgrade_suite db; echo AFTER', tmp_path)
    assert result.returncode == 1, result.stdout
    assert 'upgrade of db failed' in result.stdout and 'upgrade broke' in result.stdout
    assert 'AFTER' not in result.stdout


def test_clean_install_passes(tmp_path):
    """An install without errors returns normally."""
    result = _bash('odoo() { echo "2026 1 INFO db ok" >> "$RUN_DIR/install-db.log"; };'
                   ' module_installed() { return 0; }; install_modules db m m; echo AFTER',
                   tmp_path)
    assert result.returncode == 0, result.stdout
    assert 'AFTER' in result.stdout


def test_stop_waits_for_the_server_to_end(tmp_path):
    """bin/stop returns only once the server process has ended."""
    slow = subprocess.Popen([sys.executable, '-c', (
        'import signal, sys, time\n'
        'signal.signal(signal.SIGTERM, lambda *a: (time.sleep(2), sys.exit(0)))\n'
        'time.sleep(60)\n')])
    time.sleep(0.5)  # let it install its handler
    port = '18999'
    run_dir = os.path.join(ROOT, '.run')
    os.makedirs(run_dir, exist_ok=True)
    pidfile = os.path.join(run_dir, 'odoo-%s.pid' % port)
    with open(pidfile, 'w') as out:
        out.write(str(slow.pid))
    try:
        subprocess.run([os.path.join(ROOT, 'bin', 'stop')], check=True, timeout=60,
                       env=dict(os.environ, RETAIL_HTTP_PORT=port), stdout=subprocess.PIPE)
        assert slow.poll() is not None, 'bin/stop returned while the server still ran'
    finally:
        if slow.poll() is None:
            slow.kill()
        if os.path.exists(pidfile):
            os.remove(pidfile)


def test_ignore_option_is_honoured():
    """pytest --ignore leaves out a suite test file (the collection hook used to disable it)."""
    args = [sys.executable, '-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider',
            'tests', '--ignore=tests/test_ledger_invariants.py']
    result = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, timeout=120,
                            env={k: v for k, v in os.environ.items()
                                 if k not in ('USER', 'HOST', 'PORT', 'PASSWORD')})
    assert 'test_scripts.py' in result.stdout, result.stdout
    assert 'test_ledger_invariants' not in result.stdout, result.stdout
