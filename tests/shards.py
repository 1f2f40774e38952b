"""Splits the test files into shards that bin/test runs at once, each on its own
copy of the test database, and sums up their results.

    python tests/shards.py plan N            one line per shard: its test files
    python tests/shards.py summary LOG...    the shards' pytest summaries, summed
    python tests/shards.py record XML...     per-file seconds of junit reports,
                                             the content of tests/durations.txt

A file's weight is its seconds in ``tests/durations.txt`` (refresh it from the
junit reports a sharded run leaves in .run: ``python tests/shards.py record
.run/test-shard-*.xml > tests/durations.txt``); a file not listed weighs
DEFAULT_SECONDS. The heaviest files are placed first, each on the lightest
shard; within a shard the files keep pytest's order (pytest.ini's testpaths).
"""
import collections
import configparser
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DURATIONS = os.path.join(ROOT, 'tests', 'durations.txt')
DEFAULT_SECONDS = 20.0
# pytest's last line: "=== 3 failed, 760 passed, 2 skipped in 1500.12s (0:25:00) ==="
SUMMARY = re.compile(r'^=+ (.*) in ([\d.]+)s.* =+$')
COUNT = re.compile(r'(\d+) (\w+)')


def test_files():
    """The test files pytest collects, in its order."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(os.path.join(ROOT, 'pytest.ini'))
    skipped = set(config['pytest']['norecursedirs'].split())
    files = []
    for top in config['pytest']['testpaths'].split():
        for folder, dirs, names in os.walk(os.path.join(ROOT, top)):
            dirs[:] = sorted(d for d in dirs if d not in skipped and not d.startswith('.'))
            files.extend(os.path.relpath(os.path.join(folder, name), ROOT)
                         for name in sorted(names)
                         if name.startswith('test_') and name.endswith('.py'))
    return files


def read_durations():
    if not os.path.exists(DURATIONS):
        return {}
    with open(DURATIONS) as lines:
        return {path: float(seconds) for seconds, path in (
            line.split() for line in lines if line.strip() and not line.startswith('#'))}


def plan(count):
    files = test_files()
    seconds = read_durations()
    shards = [[] for _ in range(count)]
    loads = [0.0] * count
    for path in sorted(files, key=lambda p: -seconds.get(p, DEFAULT_SECONDS)):
        lightest = loads.index(min(loads))
        shards[lightest].append(path)
        loads[lightest] += seconds.get(path, DEFAULT_SECONDS)
    order = {path: index for index, path in enumerate(files)}
    return [sorted(shard, key=order.get) for shard in shards if shard]


def summary(logs):
    """(one line summing the shards' pytest summaries, whether every shard
    printed one)."""
    counts = collections.Counter()
    longest = 0.0
    complete = True
    for log in logs:
        last = None
        with open(log, errors='replace') as text:
            for line in text:
                match = SUMMARY.match(line.strip())
                if match:
                    last = match
        if not last:
            complete = False
            continue
        for number, kind in COUNT.findall(last.group(1)):
            counts[kind] += int(number)
        longest = max(longest, float(last.group(2)))
    order = ['failed', 'passed', 'skipped', 'xfailed', 'xpassed', 'error', 'errors']
    parts = ['%d %s' % (counts[kind], kind) for kind in order if counts[kind]]
    return '%s in %.2fs (%d shards)' % (', '.join(parts) or 'no tests ran', longest,
                                        len(logs)), complete


def record(reports):
    seconds = collections.Counter()
    for report in reports:
        for case in ElementTree.parse(report).iter('testcase'):
            module = case.get('classname', '').split('.')
            # classname: "tests.test_x.TestClass" or "retail_x.tests.test_y.TestClass"
            while module and not module[-1].startswith('test_'):
                module.pop()
            if module:
                seconds[os.path.join(*module) + '.py'] += float(case.get('time') or 0)
    lines = ['# seconds per test file (python tests/shards.py record .run/test-shard-*.xml)']
    lines += ['%8.1f %s' % (value, path) for path, value in sorted(
        seconds.items(), key=lambda item: -item[1])]
    return '\n'.join(lines)


def main(argv):
    if argv[:1] == ['plan'] and len(argv) == 2:
        for shard in plan(int(argv[1])):
            print(' '.join(shard))
    elif argv[:1] == ['summary'] and len(argv) > 1:
        line, complete = summary(argv[1:])
        print(line)
        return 0 if complete else 1
    elif argv[:1] == ['record'] and len(argv) > 1:
        print(record(argv[1:]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
