#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compiler and sparse findings that the patched build adds to the pristine one.

Reads the output of a W=1 C=2 build of the patched tree and of the same
objects built from the pristine tree, and prints every finding of the
patched build that the pristine build does not have. Two findings are the
same when they name the same file (relative to its tree), the same function
(from the compiler's "In function" context, where it gives one) and the same
message; line and column numbers are not compared, so a point release that
moves pristine code moves nothing here. A finding the pristine build has N
times is forgiven N times. Forgiven findings are printed with the prefix
"objres: in the pristine build too, not counted: ".

Usage: findings.py LOG TREE BUILD_DIR PRISTINE_LOG PRISTINE PRISTINE_BUILD_DIR
"""

import collections
import os
import re
import sys

DIAG = re.compile(r'^(\S+?):(\d+):(\d+): (warning|error): (.*)$')
CONTEXT = re.compile(r"^(\S+?): In function ['\u2018`]([^'\u2019`]+)['\u2019`]:")


def relative(path, roots):
    """A path relative to the tree or build directory it lies in.

    roots: (source tree, build directory); a relative path is relative to
    the build directory, where make runs the compiler and sparse.
    """
    tree, build = roots
    path = os.path.normpath(os.path.join(build, path))
    for root in (tree, build):
        if path.startswith(root + '/'):
            return path[len(root) + 1:]
    return path


def findings(log, roots):
    """(key, line) for every diagnostic of a build log."""
    out = []
    func_file = func = None
    with open(log, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = CONTEXT.match(line)
            if m:
                func_file, func = relative(m.group(1), roots), m.group(2)
                continue
            m = DIAG.match(line)
            if not m:
                continue
            path = relative(m.group(1), roots)
            where = func if path == func_file else ''
            out.append(((path, where, m.group(4), m.group(5)), line))
    return out


def main(patched_log, tree, build, pristine_log, pristine, pbuild):
    roots = (os.path.realpath(pristine), os.path.realpath(pbuild))
    known = collections.Counter(key for key, _ in findings(pristine_log, roots))
    roots = (os.path.realpath(tree), os.path.realpath(build))
    for key, line in findings(patched_log, roots):
        if known[key] > 0:
            known[key] -= 1
            print(f'objres: in the pristine build too, not counted: {line}',
                  file=sys.stderr)
        else:
            print(line)


if __name__ == '__main__':
    main(*sys.argv[1:7])
