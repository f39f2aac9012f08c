#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of everything the project writes or changes:
#   checkpatch --strict  on every project source file and on every patch
#   kernel-doc -Wall     on every project C source and header
#   sparse (C=2) and W=1 on every object built from a project or patched
#                        C file in the KUnit build, against the same
#                        objects of the pristine tree
#   misuse               the coccinelle rule for uapi state freed at unbind
#                        on every project or patched C file (mk/misuse.sh),
#                        and its fixtures, one "misuse: fixture" line each
# Prints one "check: <tool> <findings>" line per tool (details above it)
# and exits non-zero if any tool found anything.
#
# sparse and W=1 findings count only where the pristine tree's build of
# the same objects (PRISTINE_BUILD_DIR, configured as BUILD_DIR) does not
# have them, matched without line numbers (mk/findings.py).
#
# Usage: mk/checks.sh REPO TREE BUILD_DIR [PRISTINE PRISTINE_BUILD_DIR]

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
pristine=${4:+$(cd "$4" && pwd)}
pbuild=${5:+$(cd "$5" && pwd)}
here=$(dirname "$(realpath "$0")")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

kdirs="arch block certs crypto Documentation drivers fs include init io_uring
ipc kernel lib mm net rust samples scripts security sound tools usr virt"

cd "$repo"
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
	$kdirs mk/typecheck | grep -E '\.(c|h)$')
mapfile -t patches < <(sed -n 's/^\([^#[:space:]][^[:space:]]*\).*/patches\/\1/p' \
	patches/series)
# C files the patches touch, whose objects the project changes too.
mapfile -t patched < <(sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "${patches[@]}" | sort -u)

total=0
report() {
	local tool=$1 log=$2 n
	n=$(grep -c . "$log")
	[ "$n" -gt 0 ] && sed 's/^/  /' "$log" | head -40
	echo "check: $tool $n"
	total=$((total + n))
}

# checkpatch reads the tree it runs in; run it from a neutral directory,
# once over the source files and once over the patches. checkpatch takes
# any name containing "for_each" for a loop macro, and so the definition of
# devres_for_each_res() (a name devres.c must keep) for a loop whose brace
# belongs on its line: devres.c is checked on its own, without OPEN_BRACE.
checkpatch=("$tree/scripts/checkpatch.pl" --strict --no-tree -q --terse)
srcs=()
for f in "${files[@]}"; do
	[ "$f" = drivers/base/devres.c ] || srcs+=("$repo/$f")
done
{
	(cd "$out" && "${checkpatch[@]}" --show-types -f "${srcs[@]}")
	[ -f "$repo/drivers/base/devres.c" ] &&
		(cd "$out" && "${checkpatch[@]}" --show-types --ignore OPEN_BRACE \
			-f "$repo/drivers/base/devres.c")
	(cd "$out" && "${checkpatch[@]}" --no-signoff "${patches[@]/#/$repo/}")
} | grep -E ': (ERROR|WARNING|CHECK):' >"$out/checkpatch.log"
report checkpatch "$out/checkpatch.log"

docs=()
for f in "${files[@]}"; do
	case $f in mk/*) ;; *) docs+=("$f") ;; esac
done
"$tree/scripts/kernel-doc" -Wall -none "${docs[@]}" >"$out/kernel-doc.log" 2>&1
report kernel-doc "$out/kernel-doc.log"

# Objects of the KUnit build that come from the project's C files.
objs=()
for f in "${files[@]}" "${patched[@]}"; do
	case $f in *.c) ;; *) continue ;; esac
	o=${f%.c}.o
	[ -f "$build/$(dirname "$o")/.$(basename "$o").cmd" ] && objs+=("$o")
done
objs=($(printf '%s\n' "${objs[@]}" | sort -u))

# One rebuild of those objects with W=1 and sparse; the next KUnit build
# compiles them back with the normal flags.
wc1=(ARCH=um W=1 C=2 CHECK=sparse)
make -C "$tree" O="$build" "${wc1[@]}" "${objs[@]}" >"$out/build.log" 2>&1

# The same objects from the pristine tree, where it has their sources, in
# the pristine KUnit build (same configuration, minus the project's
# options); cached there for this list of objects.
: >"$out/pristine-build.log"
if [ -n "$pristine" ]; then
	pobjs=()
	for o in "${objs[@]}"; do
		[ -f "$pbuild/$(dirname "$o")/.$(basename "$o").cmd" ] && pobjs+=("$o")
	done
	key=$(printf '%s\n' "${pobjs[@]}" | sha1sum | cut -c1-12)
	cache=$pbuild/objres-findings-$key.log
	if [ ! -f "$cache" ]; then
		make -C "$pristine" O="$pbuild" "${wc1[@]}" "${pobjs[@]}" \
			>"$cache.new" 2>&1
		mv "$cache.new" "$cache"
	fi
	cp "$cache" "$out/pristine-build.log"
	echo "objres: pristine build of ${#pobjs[@]} of those objects for comparison"
else
	echo "objres: no pristine build given: every finding counts"
fi
# Counted: what the pristine build of the same file does not have, matched
# on file, function and message (mk/findings.py).
python3 "$here/findings.py" "$out/build.log" "$tree" "$build" \
	"$out/pristine-build.log" "${pristine:-/nonexistent}" "${pbuild:-/nonexistent}" \
	>"$out/findings.log" 2>"$out/known.log"
cat "$out/known.log"
# The compiler names its warning options; sparse does not.
grep -v -F '[-W' "$out/findings.log" >"$out/sparse.log"
grep -F '[-W' "$out/findings.log" >"$out/w1.log"
report sparse "$out/sparse.log"
report W=1 "$out/w1.log"
echo "objres: sparse and W=1 ran on ${#objs[@]} objects"

# Its own "check: misuse N" line, counted here; mk/kunit.sh counts the
# fixture verdicts.
"$here/misuse.sh" check "$repo" "$tree" "$out/misuse" | tee "$out/misuse.log"
n=$(sed -n 's/^check: misuse \([0-9][0-9]*\)$/\1/p' "$out/misuse.log")
total=$((total + ${n:-1}))

[ "$total" = 0 ]
