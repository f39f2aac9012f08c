#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the coccinelle rule scripts/coccinelle/api/devm_uapi_state.cocci
# through the kernel's "make coccicheck MODE=report COCCI=...",
# which finds devm_ allocations of structures that userspace can still reach
# after unbind.
#
#   tree:  over the pristine tree's drivers/ and sound/ (with the headers of
#          include/, where some of the structures are defined); prints one
#          line per finding, a table by directory and embedded type, and
#          "misuse: N sites in M files". Only reads the pristine tree.
#   check: over the C files the project adds or patches in the synced tree
#          (patches/series and the repository's kernel files, so that every
#          driver converted later is covered), with the headers of their
#          directories, expecting no finding ("check: misuse N"); then over
#          each fixture of mk/misuse/, which states the number of findings
#          expected in it ("misuse: fixture NAME: pass" or "FAIL").
#
# Usage: mk/misuse.sh tree REPO PRISTINE WORK
#        mk/misuse.sh check REPO TREE WORK

set -uo pipefail

mode=$1
repo=$(cd "$2" && pwd)
src=$(cd "$3" && pwd)
ktree=$src
mkdir -p "$4"
work=$(cd "$4" && pwd)
here=$(dirname "$(realpath "$0")")
rule=$repo/scripts/coccinelle/api/devm_uapi_state.cocci
kdirs="arch block certs crypto Documentation drivers fs include init io_uring
ipc kernel lib mm net rust samples scripts security sound tools usr virt"

# Runs the rule through the kernel's own "make coccicheck MODE=report" of
# the tree KTREE over exactly the files of LIST (paths relative to $src):
# they are linked into $work/src, which is given as M=, so that coccicheck
# finds them, and spatch's scratch files stay out of $src. coccicheck
# reads the rule's Options: line itself. Findings go to LOG with paths
# relative to $src; everything else coccicheck and spatch print, to
# LOG.err.
spatch_run() {
	local list=$1 log=$2 jobs=$3 stage=$work/src f
	rm -rf "$stage"
	mkdir -p "$stage"
	while read -r f; do
		mkdir -p "$stage/$(dirname "$f")"
		ln -s "$src/$f" "$stage/$f"
	done <"$list"
	make -C "$ktree" coccicheck MODE=report COCCI="$rule" M="$stage" \
		J="$jobs" SPFLAGS="--timeout 300" >"$log.raw" 2>&1
	local status=$?
	sed -n "s|^$stage/||p" "$log.raw" >"$log"
	grep -v "^$stage/" "$log.raw" >"$log.err"
	return $status
}

# Files spatch gave up on whole, from its error log. A function it cannot
# parse is skipped silently with --very-quiet and is not counted here.
unparsed() {
	grep -cE '^(EXN|.*[Tt]imeout)' "$1.err"
}

case $mode in
tree)
	# Only files that can yield a match: the rule keeps a structure
	# defined in a .c file to that file, so a .c file matters only if it
	# has a devm_k*() or snd_devm_card_new() allocation; a header, if it
	# defines a structure or a typedef of one (or allocates). This leaves
	# out, among others, the register headers of amdgpu, which take spatch
	# minutes each.
	(cd "$src" && {
		find drivers sound -name '*.c' -print0 |
			xargs -0 grep -lE '\b(devm_k(m|z|c|re)|snd_devm_card_new)'
		find drivers sound include -name '*.h' -print0 |
			xargs -0 grep -lzE 'struct[[:space:]]*[[:alnum:]_]*[[:space:]]*\{|typedef[[:space:]]+struct|\b(devm_k(m|z|c|re)|snd_devm_card_new)'
	} | LC_ALL=C sort) >"$work/files"
	all=$(cd "$src" && { find drivers sound -name '*.[ch]'; find include -name '*.h'; } | wc -l)
	echo "objres: misuse: running the rule over $(grep -c . "$work/files") of the $all files of drivers/, sound/ and include/ (2 jobs)"
	start=$(date +%s)
	spatch_run "$work/files" "$work/report.log" 2
	status=$?
	elapsed=$(( $(date +%s) - start ))
	python3 "$here/misuse-table.py" "$work/report.log"
	echo "objres: misuse: spatch gave up on $(unparsed "$work/report.log") whole file(s) (see $work/report.log.err)"
	echo "objres: misuse: took $((elapsed / 60)) min $((elapsed % 60)) s; full messages in $work/report.log"
	if [ $status -ne 0 ]; then
		tail -5 "$work/report.log.err"
		echo "objres: misuse: spatch failed ($status)"
		exit 1
	fi
	;;
check)
	cd "$repo"
	{
		# shellcheck disable=SC2086 # a list of directories
		git ls-files --cached --others --exclude-standard -- $kdirs |
			grep -E '\.[ch]$'
		sed -n 's/^\([^#[:space:]][^[:space:]]*\).*/patches\/\1/p' patches/series |
			xargs sed -n 's|^+++ b/\(.*\.[ch]\)$|\1|p'
	} | LC_ALL=C sort -u >"$work/changed"
	# The headers next to each changed C file define the structures it
	# allocates.
	{
		cat "$work/changed"
		sed -n 's|/[^/]*\.c$||p' "$work/changed" | sort -u |
			while read -r d; do
				(cd "$src" && find "$d" -maxdepth 1 -name '*.h')
			done
	} | LC_ALL=C sort -u | while read -r f; do
		[ -f "$src/$f" ] && echo "$f"
	done >"$work/check-files"
	spatch_run "$work/check-files" "$work/check.log" 1 ||
		{ tail -5 "$work/check.log.err"; echo "check: misuse 1"; exit 1; }
	n=$(grep -c ': WARNING: ' "$work/check.log")
	sed 's/^/  /' "$work/check.log" | head -20
	echo "objres: misuse: $(grep -c . "$work/check-files") files the project changes"
	echo "check: misuse $n"

	# The fixtures, in one run as a tree would be: "// misuse: expect N"
	# in each C file is the number of findings the rule must report there.
	src=$repo/mk/misuse
	(cd "$src" && ls -- *.[ch]) >"$work/fixtures"
	spatch_run "$work/fixtures" "$work/fixtures.log" 1
	wrong=0
	grep '\.c$' "$work/fixtures" | while read -r name; do
		want=$(sed -n 's|^// misuse: expect \([0-9][0-9]*\)$|\1|p' "$src/$name")
		got=$(grep -c "^$name:[0-9].*: WARNING: " "$work/fixtures.log")
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			echo "misuse: fixture $name: pass ($got expected, $got found)"
		else
			echo "misuse: fixture $name: FAIL (${want:-?} expected, $got found)"
			grep "^$name:" "$work/fixtures.log" | sed 's/^/  /'
		fi
	done | tee "$work/verdicts"
	wrong=$(grep -c ': FAIL' "$work/verdicts")
	[ "$n" = 0 ] && [ $wrong = 0 ]
	;;
*)
	echo "usage: mk/misuse.sh tree|check REPO SRC WORK" >&2
	exit 1
	;;
esac
