#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit run from kunit.py's JSON results and the raw kernel log.

Prints the cases per suite, every sanitizer report found in the log, every
WARN that no test declared (and their number, "check: unexpected-warn N"),
and a closing "N passed, N failed" line in which each report and each
unexpected WARN counts as a failure, as do the failures of other checks
passed as the third argument; the fourth adds checks that passed (other
architectures' suites). The fifth is the kernel log of the pristine tree's
run of the same suites (mk/kunit-pristine.sh): what it reports too is
upstream's, printed and not counted.
Exits non-zero when anything failed.

Usage: kunit-verdict.py RESULTS_JSON LOG [FAILED [PASSED [PRISTINE_LOG]]]
"""

import json
import re
import sys

# Reports that mean a real bug, whatever test was running. Plain WARN()s
# are judged apart, below.
REPORTS = [
    re.compile(r'BUG: '),
    re.compile(r'WARNING: (?!CPU: )'),  # lockdep, RCU and friends
    re.compile(r'DEBUG_LOCKS_WARN_ON'),
    re.compile(r'INFO: trying to register non-static key'),
    re.compile(r'ODEBUG: '),
    re.compile(r'UBSAN: '),
    re.compile(r'kmemleak: .*suspected memory leak'),
    re.compile(r'Kernel panic'),
]

SUITE = re.compile(r'^ {4}# Subtest: (\S+)')
CASE_RESULT = re.compile(r'^ {4}(?:not )?ok \d+ (\S+)')
SUITE_RESULT = re.compile(r'^(?:not )?ok \d+ (\S+)')
DECLARED = re.compile(r'# (\S+): expect WARN (?:at|in) (\S+)')
WARN = re.compile(r'WARNING: CPU: \d+ PID: \d+ at (\S+?):\d+ ([^+\s]+)')


def normalized(line):
    """A report line without the numbers that differ from run to run."""
    line = re.sub(r'^\[[ 0-9.]+\] ', '', line.strip())
    line = re.sub(r'0x[0-9a-f]+|[0-9a-f]{8,}', '#', line)
    return re.sub(r'\d+', '#', line)


def events(log_path):
    """Reports and WARNs of a kernel log, by suite and case.

    Yields (kind, suite, case, key, line, declared): kind is 'report' (a
    sanitizer or lockdep report, keyed by its normalized line) or 'warn' (a
    plain WARN, keyed by file and function); declared is the set of files
    and functions that the case announced a WARN at.
    """
    suite = None
    declared = set()
    pending = []

    def close(case):
        for kind, s, key, line in pending:
            yield kind, s, case, key, line, set(declared)
        declared.clear()
        pending.clear()

    with open(log_path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = SUITE.match(line)
            if m:
                yield from close('(before the suite)')
                suite = m.group(1)
                continue
            m = WARN.search(line)
            if m:
                pending.append(('warn', suite, (m.group(1), m.group(2)),
                                line.strip()))
                continue
            if any(r.search(line) for r in REPORTS):
                pending.append(('report', suite, normalized(line),
                                line.rstrip()))
                continue
            m = DECLARED.search(line)
            if m:
                declared.add(m.group(2))
                continue
            m = CASE_RESULT.match(line)
            if m and suite:
                yield from close(m.group(1))
                continue
            m = SUITE_RESULT.match(line)
            if m:
                yield from close('(suite exit)')
                suite = None
    yield from close('(end of log)')


def judge(log_path, pristine_path):
    """Unexpected WARNs, reports, and what the pristine run has too.

    A WARN is expected where its case announced it, or where the pristine
    run has a WARN at the same file and function in the same case; a
    report, where the pristine run has the same report in the same suite.
    """
    seen = set()
    if pristine_path:
        for kind, suite, case, key, _, _ in events(pristine_path):
            seen.add((kind, suite, case if kind == 'warn' else None, key))
    warned, reports, known = [], [], []
    for kind, suite, case, key, line, declared in events(log_path):
        if kind == 'warn' and (key[0] in declared or key[1] in declared):
            continue
        if (kind, suite, case if kind == 'warn' else None, key) in seen:
            known.append(f'{suite or "boot"}.{case}: {line}')
        elif kind == 'warn':
            warned.append(f'{suite or "boot"}.{case}: {line}')
        else:
            reports.append(f'{suite}: {line}')
    return warned, reports, known


def leaves(group):
    for case in group.get('test_cases', []):
        yield case['status']
    for sub in group.get('sub_groups', []):
        yield from leaves(sub)


def main(results_path, log_path, extra_failed=0, extra_passed=0,
         pristine_path=None):
    try:
        with open(results_path) as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        print(f'objres: no KUnit results ({e})')
        print('0 passed, 1 failed')
        return 1

    passed = failed = skipped = 0
    for suite in results.get('sub_groups', []):
        counts = {'PASS': 0, 'SKIP': 0, 'FAIL': 0}
        for status in leaves(suite):
            counts['FAIL' if status not in counts else status] += 1
        print(f"suite {suite['name']}: {counts['PASS']} passed, "
              f"{counts['FAIL']} failed, {counts['SKIP']} skipped")
        passed += counts['PASS']
        failed += counts['FAIL']
        skipped += counts['SKIP']

    warned, reports, known = judge(log_path, pristine_path)
    for line in warned[:50]:
        print(f'objres: unexpected WARN: {line}')
    print(f'check: unexpected-warn {len(warned)}')

    for line in known:
        print(f'objres: in the pristine run too, not counted: {line}')
    for line in reports[:50]:
        print(f'objres: kernel log report: {line}')
    if reports:
        print(f'objres: {len(reports)} sanitizer report line(s) in {log_path}')

    if passed + failed == 0:
        print('objres: no test ran')
        failed = 1
    failed += len(reports) + len(warned) + extra_failed
    passed += extra_passed
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    extra = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    extra_passed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    pristine = sys.argv[5] if len(sys.argv) > 5 else None
    sys.exit(main(sys.argv[1], sys.argv[2], extra, extra_passed, pristine))
