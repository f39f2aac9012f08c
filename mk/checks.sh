#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of everything the project writes or changes:
#   checkpatch --strict  on every project source file and on every patch
#   kernel-doc -Wall     on every project C source and header
#   sparse (C=2) and W=1 on every object built from a project or patched
#                        C file in the KUnit build
#   misuse               the coccinelle rule for uapi state freed at unbind
#                        on every project or patched C file (mk/misuse.sh),
#                        and its fixtures, one "misuse: fixture" line each
# Prints one "check: <tool> <findings>" line per tool (details above it)
# and exits non-zero if any tool found anything.
#
# Usage: mk/checks.sh REPO TREE BUILD_DIR

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
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

# checkpatch reads the tree it runs in; run it from a neutral directory.
for f in "${files[@]}"; do
	(cd "$out" && "$tree/scripts/checkpatch.pl" --strict --no-tree -q \
		--terse --show-types -f "$repo/$f")
done | grep -E ': (ERROR|WARNING|CHECK):' >"$out/checkpatch.log"
for p in "${patches[@]}"; do
	(cd "$out" && "$tree/scripts/checkpatch.pl" --strict --no-tree -q \
		--terse --no-signoff "$repo/$p")
done | grep -E ': (ERROR|WARNING|CHECK):' >>"$out/checkpatch.log"
# One known false positive: checkpatch takes any name containing "for_each"
# for a loop macro, and so the definition of devres_for_each_res() (a 6.12
# name devres.c must keep) for a loop whose brace belongs on its line. Only
# that exact finding is dropped, and the run says so.
while IFS=: read -r file line _; do
	case $file in */drivers/base/devres.c) ;; *) continue ;; esac
	if sed -n "${line}p" "$file" | grep -q '^void devres_for_each_res('; then
		echo "objres: checkpatch: devres.c:$line is devres_for_each_res(), not a loop macro: not counted"
		sed -i "\|^$file:$line: ERROR:OPEN_BRACE:|d" "$out/checkpatch.log"
	fi
done < <(grep ': ERROR:OPEN_BRACE:' "$out/checkpatch.log")
report checkpatch "$out/checkpatch.log"

for f in "${files[@]}"; do
	case $f in mk/*) continue ;; esac
	"$tree/scripts/kernel-doc" -Wall -none "$f" 2>&1
done >"$out/kernel-doc.log"
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
make -C "$tree" ARCH=um O="$build" W=1 C=2 CHECK=sparse \
	"${objs[@]}" >"$out/build.log" 2>&1
grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$out/build.log" \
	>"$out/findings.log"
# Findings in code the project does not touch, in files it patches: sparse
# cannot follow drm_dev_enter()/drm_dev_exit()'s SRCU read section in 6.12,
# nor the lock kref_put_lock() takes only on the last put (the firmware
# loader's free_fw_priv()).
cat >"$out/known.txt" <<'KNOWN'
drm_drv.c:446:6: warning: context imbalance in 'drm_dev_enter'
srcu.h:320:9: warning: context imbalance in 'drm_dev_exit'
firmware_loader/main.c:229:9: warning: context imbalance in 'free_fw_priv'
KNOWN
grep -F -f "$out/known.txt" "$out/findings.log" |
	sed 's/^/objres: known upstream 6.12 finding, not counted: /'
grep -v -F -f "$out/known.txt" "$out/findings.log" >"$out/new.log"
mv "$out/new.log" "$out/findings.log"
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
