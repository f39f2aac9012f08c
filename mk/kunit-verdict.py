#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit run from kunit.py's JSON results and the raw kernel log.

Prints the cases per suite, every sanitizer report found in the log, every
WARN that no test declared (and their number, "check: unexpected-warn N"),
and a closing "N passed, N failed" line in which each report and each
unexpected WARN counts as a failure, as do the failures of other checks
passed as the third argument; the fourth adds checks that passed (other
architectures' suites).
Exits non-zero when anything failed.
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

# Reports that unpatched 6.12 already produces, by suite. Each is an upstream
# bug fixed after 6.12; it is printed, but not counted.
KNOWN = {
    # The HDMI state helper tests return with modeset locks held; fixed
    # upstream by 7e0351ae91ed ("drm/tests: hdmi: Fix WW_MUTEX_SLOWPATH
    # failures") and the removal of drm_kunit_helper_acquire_ctx_alloc().
    ('drm_atomic_helper_connector_hdmi_check', 'still has locks held'),
}

# A plain WARN() is expected only where the test that provokes it said so,
# with a line "# <case>: expect WARN at <file or function>" (kunit_info())
# before it. Upstream 6.12 suites do not say it; what their cases provoke is
# listed here instead, by suite and case, with the file that warns.
UPSTREAM_WARNS = {
    # On purpose: the cases with a negative source or destination check
    # that drm_calc_scale() refuses them.
    ('drm_rect', 'drm_test_rect_calc_hscale'): 'drivers/gpu/drm/drm_rect.c',
    ('drm_rect', 'drm_test_rect_calc_vscale'): 'drivers/gpu/drm/drm_rect.c',
    # Test bugs of 6.12: the shmem helper tests call vmap, vunmap, madvise
    # and purge without the reservation lock that the helpers assert with
    # dma_resv_assert_held().
    ('drm_gem_shmem', 'drm_gem_shmem_test_vmap'):
        'drivers/gpu/drm/drm_gem_shmem_helper.c',
    ('drm_gem_shmem', 'drm_gem_shmem_test_madvise'):
        'drivers/gpu/drm/drm_gem_shmem_helper.c',
    ('drm_gem_shmem', 'drm_gem_shmem_test_purge'):
        'drivers/gpu/drm/drm_gem_shmem_helper.c',
    # Test bug of 6.12: drm_client_modeset_test's connector has no atomic
    # state hooks on a device that uses atomic modesetting.
    ('drm_test_pick_cmdline', 'drm_test_pick_cmdline_res_1920_1080_60'):
        'drivers/gpu/drm/drm_connector.c',
    ('drm_test_pick_cmdline', 'drm_test_pick_cmdline_named'):
        'drivers/gpu/drm/drm_connector.c',
}
SUITE = re.compile(r'^ {4}# Subtest: (\S+)')
CASE_RESULT = re.compile(r'^ {4}(?:not )?ok \d+ (\S+)')
SUITE_RESULT = re.compile(r'^(?:not )?ok \d+ (\S+)')
DECLARED = re.compile(r'# (\S+): expect WARN (?:at|in) (\S+)')
WARN = re.compile(r'WARNING: CPU: \d+ PID: \d+ at (\S+?):\d+ ([^+\s]+)')


def unexpected_warns(log_path):
    """The WARNs in the log that no test declared, as printable lines."""
    found = []
    suite = None
    declared = set()
    warns = []

    def close(case):
        allowed = set(declared)
        if (suite, case) in UPSTREAM_WARNS:
            allowed.add(UPSTREAM_WARNS[(suite, case)])
        for path, func, line in warns:
            if path not in allowed and func not in allowed:
                found.append(f'{suite or "boot"}.{case}: {line}')
        declared.clear()
        warns.clear()

    with open(log_path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = SUITE.match(line)
            if m:
                close('(before the suite)')
                suite = m.group(1)
                continue
            m = WARN.search(line)
            if m:
                warns.append((m.group(1), m.group(2), line.strip()))
                continue
            m = DECLARED.search(line)
            if m:
                declared.add(m.group(2))
                continue
            m = CASE_RESULT.match(line)
            if m and suite:
                close(m.group(1))
                continue
            m = SUITE_RESULT.match(line)
            if m:
                close('(suite exit)')
                suite = None
    close('(end of log)')
    return found


def leaves(group):
    for case in group.get('test_cases', []):
        yield case['status']
    for sub in group.get('sub_groups', []):
        yield from leaves(sub)


def main(results_path, log_path, extra_failed=0, extra_passed=0):
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

    reports = []
    known = []
    suite = None
    with open(log_path, errors='replace') as f:
        for line in f:
            m = SUITE.match(line)
            if m:
                suite = m.group(1)
            if not any(r.search(line) for r in REPORTS):
                continue
            if any(suite == s and text in line for s, text in KNOWN):
                known.append(f'{suite}: {line.rstrip()}')
            else:
                reports.append(f'{suite}: {line.rstrip()}')
    warned = unexpected_warns(log_path)
    for line in warned[:50]:
        print(f'objres: unexpected WARN: {line}')
    print(f'check: unexpected-warn {len(warned)}')

    for line in known:
        print(f'objres: known upstream 6.12 report, not counted: {line}')
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
    sys.exit(main(sys.argv[1], sys.argv[2], extra, extra_passed))
