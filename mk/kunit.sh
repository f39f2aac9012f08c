#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the KUnit kernel incrementally under UML, run every suite of the
# kunitconfig, and judge the run: any failed or crashed test, or any KASAN,
# lockdep, ODEBUG, UBSAN or kmemleak report in the kernel log fails it.
# Also runs the compile-time type checks (mk/typecheck.sh), the static
# checks (mk/checks.sh) and the cross-architecture builds (mk/crosscheck.sh);
# each failed one counts as a failure, and each fixture of the misuse rule
# (judged in mk/checks.sh) as a pass or a failure. Then runs the objres
# suite on arm64 in qemu (mk/kunit-arch.sh), whose cases count with the
# others; its build directory, as crosscheck's, sits next to BUILD_DIR.
# What the pristine tree's own run of the same suites reports, and what its
# build of the same objects finds, is not counted (mk/kunit-pristine.sh).
# Prints one line per suite and ends with "N passed, N failed".
#
# Usage: mk/kunit.sh REPO TREE BUILD_DIR KUNITCONFIG PRISTINE

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
mkdir -p "$3"
build=$(cd "$3" && pwd)
kunitconfig=$(realpath "$4")
pristine=$(cd "$5" && pwd)
here=$(dirname "$(realpath "$0")")
jobs=$(nproc)

cd "$tree"

start=$(date +%s)
echo "objres: building the KUnit kernel (UML) in $build"
if ! python3 tools/testing/kunit/kunit.py build --build_dir="$build" \
		--kunitconfig="$kunitconfig" --jobs="$jobs" >"$build/build.log" 2>&1; then
	grep -E 'error|Error|ERROR|warning:' "$build/build.log" | head -40
	tail -20 "$build/build.log"
	echo "objres: KUnit kernel build failed (log: $build/build.log)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "objres: built in $(( $(date +%s) - start )) s"

# The pristine tree's run of the same suites and its objects, to judge
# against (made once per base and configuration).
pbuild=$(dirname "$build")/kunit-pristine
"$here/kunit-pristine.sh" "$pristine" "$pbuild" "$kunitconfig"
pristine_failed=$?
[ $pristine_failed -ne 0 ] && pristine_failed=1

# Wrong-owner calls to the typed wrappers must not compile.
"$here/typecheck.sh" "$build"
typecheck_failed=$?
[ $typecheck_failed -ne 0 ] && typecheck_failed=1

start=$(date +%s)
python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
	--timeout=3000 --json="$build/results.json" >"$build/exec.log" 2>&1
exec_status=$?
echo "objres: ran in $(( $(date +%s) - start )) s (status $exec_status)"
# Show kunit.py's own verdicts on failures, if any.
grep -E '\[(FAILED|CRASHED)\]' "$build/exec.log" | head -40

# checkpatch, kernel-doc, sparse, W=1 and the misuse rule on everything the
# project writes.
"$here/checks.sh" "$repo" "$tree" "$build" "$pristine" "$pbuild" |
	tee "$build/checks.log"
checks_failed=${PIPESTATUS[0]}
[ $checks_failed -ne 0 ] && checks_failed=1
fixtures_passed=$(grep -c '^misuse: fixture .*: pass' "$build/checks.log")
fixtures_failed=$(grep -c '^misuse: fixture .*: FAIL' "$build/checks.log")
# No verdict at all (spatch did not run) is a failure too.
[ $((fixtures_passed + fixtures_failed)) = 0 ] && fixtures_failed=1

# objres.o and its wrappers with W=1 on five other architectures.
"$here/crosscheck.sh" "$tree" "$(dirname "$build")"
cross_failed=$?
[ $cross_failed -ne 0 ] && cross_failed=1

# The objres suite on arm64, where alignment is not what x86 gives.
"$here/kunit-arch.sh" "$tree" "$(dirname "$build")" arm64 | tee "$build/arch.log"
arch_status=$?
arch_count() {
	sed -n "s/^arch: .* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\\$1/p" \
		"$build/arch.log" | awk '{ n += $1 } END { print n + 0 }'
}
arch_passed=$(arch_count 1)
arch_failed=$(arch_count 2)
[ $arch_status -ne 0 ] && [ "$arch_failed" = 0 ] && arch_failed=1

python3 "$here/kunit-verdict.py" "$build/results.json" "$build/test.log" \
	"$((typecheck_failed + checks_failed + cross_failed + arch_failed + fixtures_failed + pristine_failed))" \
	"$((arch_passed + fixtures_passed))" "$pbuild/test.log"
status=$?
[ $exec_status -ne 0 ] && [ $status -eq 0 ] && status=1
exit $status
