#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pristine tree's KUnit run, against which the project's run is judged:
# build the pristine tree under UML in BUILD_DIR with KUNITCONFIG minus the
# options that only the project defines (symbols no Kconfig file of the
# pristine tree declares), run every suite, and keep the kernel log as
# BUILD_DIR/test.log. What that log already reports (a WARN, lockdep or
# KASAN) is not held against the project (mk/kunit-verdict.py). The run is
# made once per base and configuration: BUILD_DIR/objres-run.key records
# them. mk/checks.sh builds its objects for comparison in the same
# directory.
#
# Usage: mk/kunit-pristine.sh PRISTINE BUILD_DIR KUNITCONFIG

set -uo pipefail

pristine=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
kunitconfig=$(realpath "$3")
config=$build/objres.kunitconfig

"$(dirname "$(realpath "$0")")/pristine-config.sh" "$pristine" "$kunitconfig" \
	>"$config.new" || exit 1
mv "$config.new" "$config"

key=$(cat "$pristine/.objres-base" "$config" | sha1sum | cut -c1-12)
if [ -f "$build/test.log" ] && [ "$(cat "$build/objres-run.key" 2>/dev/null)" = "$key" ]; then
	echo "objres: pristine KUnit run of this base and configuration kept from before"
	exit 0
fi
rm -f "$build/objres-run.key" "$build/test.log" "$build"/objres-findings-*.log

start=$(date +%s)
echo "objres: building the pristine KUnit kernel (UML) in $build," \
	"$(grep -c . "$config") of $(grep -c '^CONFIG_' "$kunitconfig") options"
cd "$pristine"
if ! python3 tools/testing/kunit/kunit.py build --build_dir="$build" \
		--kunitconfig="$config" --jobs="$(nproc)" >"$build/build.log" 2>&1; then
	tail -20 "$build/build.log"
	echo "objres: pristine KUnit kernel build failed (log: $build/build.log)"
	exit 1
fi
python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
	--timeout=3000 >"$build/exec.log" 2>&1
status=$?
echo "objres: pristine KUnit kernel built and ran in $(( $(date +%s) - start )) s" \
	"(status $status: its failures are not the project's)"
if ! grep -q '^KTAP version\|^TAP version' "$build/test.log" 2>/dev/null; then
	echo "objres: the pristine KUnit run left no log ($build/test.log)"
	exit 1
fi
echo "$key" >"$build/objres-run.key"
