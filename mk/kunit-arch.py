#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one suite's KUnit run on another architecture.

Reads kunit.py's JSON results and the raw kernel log, and prints
"arch: ARCH SUITE N passed, M failed", in which a failed or crashed case,
every sanitizer report of the log (the reports mk/kunit-verdict.py counts)
and every WARN from code other than the suite's own subject each count as
one failure. Exits non-zero when anything failed.

Usage: mk/kunit-arch.py ARCH SUITE RESULTS_JSON LOG
"""

import importlib.util
import json
import os
import re
import sys

# The suite's misuse cases make the code under test WARN on purpose; a
# WARN from anywhere else is a bug, as a sanitizer report is.
WARN = re.compile(r'WARNING: CPU: \d+ PID: \d+ at (\S+):\d+')
WARN_EXPECTED = {'objres': ('drivers/base/objres.c',)}


def load_verdict():
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)),
                        'kunit-verdict.py')
    spec = importlib.util.spec_from_file_location('kunit_verdict', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases(group, prefix=''):
    for case in group.get('test_cases', []):
        yield prefix + case['name'], case['status']
    for sub in group.get('sub_groups', []):
        yield from cases(sub, prefix + sub['name'] + '.')


def main(arch, suite, results_path, log_path):
    verdict = load_verdict()
    passed = failed = 0
    skipped = []
    try:
        with open(results_path) as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        print(f'objres: {arch}: no KUnit results ({e})')
        results = {}
    for group in results.get('sub_groups', []):
        if group['name'] != suite:
            continue
        for name, status in cases(group):
            if status == 'PASS':
                passed += 1
            elif status == 'SKIP':
                skipped.append(name)
            else:
                print(f'objres: {arch}: {suite}.{name} {status}')
                failed += 1
    if skipped:
        print(f'objres: {arch}: {len(skipped)} case(s) skipped: '
              + ', '.join(skipped))
    if passed + failed == 0:
        print(f'objres: {arch}: no {suite} case ran')
        failed = 1

    reports = []
    try:
        with open(log_path, errors='replace') as f:
            for line in f:
                warn = WARN.search(line)
                if warn:
                    if warn.group(1) not in WARN_EXPECTED.get(suite, ()):
                        reports.append(line.rstrip())
                elif any(r.search(line) for r in verdict.REPORTS):
                    reports.append(line.rstrip())
    except OSError as e:
        reports = [f'no kernel log ({e})']
    for line in reports[:50]:
        print(f'objres: {arch}: kernel log report: {line}')
    failed += len(reports)

    print(f'arch: {arch} {suite} {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.exit(__doc__.split('Usage: ')[1])
    sys.exit(main(*sys.argv[1:]))
