#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bring a kernel tree in line with the repository: every file that
# patches/series touches is rebuilt from the pristine tree plus the patches,
# every kernel-path file of the repository is laid over it, and files that an
# earlier sync placed but that are gone from the repository are restored or
# removed. Files whose content did not change keep their timestamps, so the
# next kernel build is incremental.
#
# Usage: mk/sync-tree.sh REPO PRISTINE TREE

set -euo pipefail

repo=$(cd "$1" && pwd)
pristine=$(cd "$2" && pwd)
tree=$(cd "$3" && pwd)

# Top-level directories of the kernel tree: files of the repository below
# them are kernel files, everything else (Makefile, mk/, patches/) is ours.
kdirs="arch block certs crypto Documentation drivers fs include init io_uring
ipc kernel lib mm net rust samples scripts security sound tools usr virt"

manifest=$tree/.objres-manifest
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

series=()
if [ -f "$repo/patches/series" ]; then
	while read -r p _; do
		case "$p" in ''|'#'*) continue ;; esac
		series+=("$repo/patches/$p")
	done <"$repo/patches/series"
fi

patched=()
for p in "${series[@]}"; do
	while read -r f; do
		patched+=("$f")
	done < <(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p")
done

overlay=()
while read -r f; do
	overlay+=("$f")
done < <(cd "$repo" && git ls-files --cached --others --exclude-standard -- $kdirs |
	 while read -r f; do [ -f "$f" ] && echo "$f"; done)

previous=()
[ -f "$manifest" ] && mapfile -t previous <"$manifest"

# Start every file we may touch from its pristine version.
for f in "${patched[@]}" "${previous[@]}"; do
	if [ -f "$pristine/$f" ] && [ ! -e "$stage/$f" ]; then
		mkdir -p "$stage/$(dirname "$f")"
		cp -p "$pristine/$f" "$stage/$f"
	fi
done

# What a point release of the base did to the series: every hunk that
# needed an offset or fuzz is reported; a patch that does not apply stops
# the sync with its name, the file and the base version.
base="linux-source-6.12 $(cat "$pristine/.objres-base" 2>/dev/null || echo '(version unknown)')"
for p in "${series[@]}"; do
	name=$(basename "$p")
	status=0
	out=$(patch -d "$stage" -p1 -N -f --no-backup-if-mismatch <"$p" 2>&1) ||
		status=$?
	echo "$out" | awk -v patch="$name" -v base="$base" '
		/^patching file / { file = $3 }
		/^Hunk #[0-9]+ succeeded at .*(offset|fuzz)/ {
			sub(/\.$/, "")
			printf "objres: patch %s: %s: %s on %s\n", patch, file, $0, base
		}
		/^Hunk #[0-9]+ FAILED/ || /^can.t find file/ || /Reversed .* patch detected/ {
			printf "objres: patch %s does not apply to %s: %s: %s\n", patch, base, file, $0
		}'
	if [ $status -ne 0 ]; then
		echo "$out" | sed 's/^/  /' >&2
		echo "objres: patch $name does not apply to $base; stopping" >&2
		exit 1
	fi
done

for f in "${overlay[@]}"; do
	mkdir -p "$stage/$(dirname "$f")"
	cp -p "$repo/$f" "$stage/$f"
done

changed=0
for f in $(printf '%s\n' "${patched[@]}" "${overlay[@]}" "${previous[@]}" | sort -u); do
	if [ -f "$stage/$f" ]; then
		if ! cmp -s "$stage/$f" "$tree/$f"; then
			mkdir -p "$tree/$(dirname "$f")"
			cp "$stage/$f" "$tree/$f"
			changed=$((changed + 1))
		fi
	elif [ -e "$tree/$f" ]; then
		rm -f "$tree/$f"
		changed=$((changed + 1))
	fi
done

printf '%s\n' "${patched[@]}" "${overlay[@]}" | sort -u >"$manifest"
echo "objres: tree in sync ($changed file(s) updated)"
