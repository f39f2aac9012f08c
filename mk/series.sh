#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the project as a git format-patch series with a cover letter, in
# the order of mk/series.list, on top of a git repository of the pristine
# tree. With --check, apply the exported series with git am onto a fresh
# pristine checkout and build the UML kernel after every patch; with
# --apply DIR, apply it to the kernel tree in DIR instead.
#
# Usage: mk/series.sh REPO PRISTINE WORK [--check | --apply DIR]

set -uo pipefail

repo=$(cd "$1" && pwd)
pristine=$(cd "$2" && pwd)
mkdir -p "$3"
work=$(cd "$3" && pwd)
mode=${4:-}
target=${5:-}
base=$work/base
out=$work/patches
author='objres developers <objres@lists.invalid>'
export GIT_AUTHOR_NAME='objres developers' GIT_AUTHOR_EMAIL=objres@lists.invalid
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE='2026-11-21 12:00:00 +0000'
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

die() {
	echo "objres: $*" >&2
	exit 1
}

# A git repository of the pristine tree, made once.
if ! git -C "$base" rev-parse -q --verify pristine >/dev/null 2>&1; then
	echo "objres: making a git repository of the pristine tree (once)"
	rm -rf "$base"
	cp -a "$pristine" "$base"
	rm -f "$base/.stamp" "$base/.objres-base"
	git -C "$base" init -q
	git -C "$base" add -A -f
	git -C "$base" commit -q -m "Linux $(make -s -C "$base" kernelversion)" ||
		die "cannot commit the pristine tree"
	git -C "$base" tag pristine
fi

git -C "$base" checkout -q -f -B series pristine
git -C "$base" clean -q -f -d -x

# The project's MAINTAINERS entry (from patches/) lists a file pattern from
# the first patch that adds a file it matches, so that every patch adding
# files also updates MAINTAINERS.
update_maintainers() {
	python3 - "$base" "$repo"/patches/*.patch <<'PY'
import fnmatch, os, re, sys
base, patches = sys.argv[1], sys.argv[2:]
entry = []
for p in patches:
    text = open(p).read()
    m = re.search(r'^\+\+\+ b/MAINTAINERS\n(.*?)(?=^diff --git|\Z)', text,
                  re.M | re.S)
    if m:
        lines = [l[1:] for l in m.group(1).split('\n')
                 if l.startswith('+') and not l.startswith('+++')]
        entry = [l for l in lines if l.strip()]
if not entry:
    sys.exit(0)
title = entry[0]
def present(pattern):
    if pattern.endswith('/'):
        return os.path.isdir(os.path.join(base, pattern))
    d = os.path.join(base, os.path.dirname(pattern))
    return os.path.isdir(d) and any(
        fnmatch.fnmatch(f, os.path.basename(pattern)) for f in os.listdir(d))
keep = [l for l in entry[1:] if not l.startswith('F:') or
        present(l.split('\t', 1)[1])]
if not any(l.startswith('F:') for l in keep):
    sys.exit(0)
path = os.path.join(base, 'MAINTAINERS')
text = open(path).read()
block = '\n'.join([title] + keep) + '\n\n'
start = text.find(title + '\n')
if start >= 0:
    end = text.index('\n\n', start) + 2
    text = text[:start] + block + text[end:]
else:
    at = text.index('\nOBJPOOL\n') + 1
    text = text[:at] + block + text[at:]
open(path, 'w').write(text)
PY
}

# One commit per block of mk/series.list.
commit() {
	local msg=$1 sob="Signed-off-by: $author"

	[ -n "$msg" ] || die "a block of mk/series.list has no message"
	update_maintainers
	git -C "$base" add -A -f
	printf '%s\n\n%s\n' "$msg" "$sob" | git -C "$base" commit -q -F - ||
		die "nothing to commit for: $(head -1 <<<"$msg")"
}

# The message of a diff in patches/: its Subject and the body before ---.
diff_message() {
	sed -n -e 's/^Subject: \[PATCH\] //p' "$1"
	echo
	sed -n '/^$/,/^---$/p' "$1" | sed -e '1d' -e '$d'
}

msg=
count=0
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'#'*) continue ;;
	'')
		if [ $count -gt 0 ]; then
			commit "$msg"
			msg=
			count=0
		fi
		continue ;;
	esac
	kind=${line%% *}
	path=${line#* }
	count=$((count + 1))
	case $kind in
	msg) msg=$(cat "$repo/$path") ;;
	diff)
		[ -n "$msg" ] || msg=$(diff_message "$repo/$path")
		# MAINTAINERS grows with the files, see update_maintainers.
		git -C "$base" apply --exclude=MAINTAINERS "$repo/$path" ||
			die "$path does not apply"
		;;
	file)
		mkdir -p "$base/$(dirname "$path")"
		cp "$repo/$path" "$base/$path"
		;;
	*) die "mk/series.list: unknown line: $line" ;;
	esac
done <"$repo/mk/series.list"
[ $count -gt 0 ] && commit "$msg"

rm -rf "$out"
git -C "$base" format-patch -q --cover-letter --thread -o "$out" \
	pristine..series || die "format-patch failed"
cover=$(ls "$out"/0000-*.patch)
subject=$(head -1 "$repo/mk/series/cover.msg")
python3 - "$cover" "$repo/mk/series/cover.msg" <<'PY'
import sys
cover, msg = sys.argv[1], open(sys.argv[2]).read().split('\n', 1)
text = open(cover).read()
text = text.replace('*** SUBJECT HERE ***', msg[0])
text = text.replace('*** BLURB HERE ***', msg[1].strip('\n'))
open(cover, 'w').write(text)
PY

n=$(ls "$out" | grep -vc '^0000-')
echo "objres: $n patches and a cover letter in $out"
git -C "$base" diff --shortstat pristine series | sed 's/^/objres: /'
for p in "$out"/*.patch; do
	printf '  %s: %s\n' "$(basename "$p")" \
		"$(git -C "$base" apply --numstat "$p" 2>/dev/null |
		   awk '{a += $1; d += $2} END {printf "+%d -%d", a, d}')"
done

# The patches, without the cover letter.
mapfile -t series < <(ls "$out"/*.patch | grep -v '/0000-')

# checkpatch on what maintainers would receive.
findings=0
for p in "${series[@]}"; do
	r=$(cd "$work" && "$pristine/scripts/checkpatch.pl" --strict -q \
		--terse --no-tree "$p" | grep -E ': (ERROR|WARNING|CHECK):')
	[ -n "$r" ] && echo "$r"
	findings=$((findings + $(grep -c . <<<"$r")))
done
echo "check: checkpatch-series $findings"

case $mode in
--apply)
	[ -d "$target" ] || die "KDIR=$target is not a directory"
	if git -C "$target" rev-parse -q --git-dir >/dev/null 2>&1; then
		git -C "$target" am -q "${series[@]}" ||
			die "git am failed in $target (git am --abort to undo)"
	else
		for p in "${series[@]}"; do
			patch -d "$target" -p1 -s -N <"$p" || die "$p does not apply"
		done
	fi
	echo "objres: series applied to $target"
	;;
--check)
	check=$work/check
	kbuild=$work/check-build
	rm -rf "$check"
	git clone -q --shared --no-checkout "$base" "$check"
	git -C "$check" checkout -q -f pristine
	mkdir -p "$kbuild"
	failed=0
	for p in "${series[@]}"; do
		name=$(basename "$p")
		git -C "$check" am -q "$p" || { echo "  $name: git am FAILED"; failed=1; break; }
		# The project's KUnit configuration, as far as this patch knows it.
		[ -f "$kbuild/.config" ] || cp "$repo/.build/kunit/.config" "$kbuild/.config" 2>/dev/null ||
			make -C "$check" ARCH=um O="$kbuild" defconfig >/dev/null
		"$check/scripts/kconfig/merge_config.sh" -m -O "$kbuild" \
			"$kbuild/.config" "$repo/mk/objres.kunitconfig" >/dev/null 2>&1
		make -C "$check" ARCH=um O="$kbuild" olddefconfig >/dev/null 2>&1
		start=$(date +%s)
		if make -C "$check" ARCH=um O="$kbuild" -j"$(nproc)" >"$kbuild/build.log" 2>&1; then
			echo "  $name: applies and builds ($(( $(date +%s) - start )) s)"
		else
			grep -E 'error' "$kbuild/build.log" | head -5
			echo "  $name: applies, build FAILED"
			failed=1
			break
		fi
	done
	[ $failed = 0 ] || die "the series does not build patch by patch"
	echo "objres: every patch applies with git am and builds"
	;;
esac
[ "$findings" = 0 ]
