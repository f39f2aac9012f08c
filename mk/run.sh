#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end run: build an x86_64 kernel from the patched tree, pack an
# initramfs of Debian's busybox-static, v4l-utils, libdrm-tests and evtest
# plus the project's unplug selftests, boot it in qemu (TCG) with a virtio
# keyboard and judge what mk/e2e/init reports. Ends with a summary table;
# exits 0 only if every step passed.
#
# v4l2-compliance failures are judged against a boot of the pristine tree
# (PRISTINE, built in KERNEL_BUILD_DIR-pristine) with the same initramfs.
#
# Usage: mk/run.sh REPO TREE KERNEL_BUILD_DIR WORK_DIR PRISTINE

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
mkdir -p "$3" "$4"
kbuild=$(cd "$3" && pwd)
build=$(cd "$4" && pwd)
pristine=$(cd "$5" && pwd)
pbuild=$kbuild-pristine
rootfs=$build/rootfs
console=$build/console.log
fragment=$repo/mk/e2e.config
here=$repo/mk

start=$(date +%s)

"$here/x86-kernel.sh" "$tree" "$kbuild" "$fragment" x86_64 || exit 1
built=$(date +%s)

echo "objres: packing the initramfs"
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc}
cp /bin/busybox "$rootfs/bin/busybox"
ln -s busybox "$rootfs/bin/sh"
# The unplug programs, built by kselftest against the patched tree's uapi
# headers: into $build/selftests/kselftest/objres, static (their Makefile
# says so) and warning-free.
selftests=$build/selftests
rm -rf "$selftests"
if ! { make -C "$tree" O="$kbuild" headers &&
       make -C "$tree/tools/testing/selftests" TARGETS=objres O="$selftests" \
		KHDR_INCLUDES="-isystem $kbuild/usr/include" USERCFLAGS=-Werror
     } >"$build/selftests.log" 2>&1; then
	tail -20 "$build/selftests.log"
	echo "objres: building the objres selftests failed (log: $build/selftests.log)"
	exit 1
fi
for prog in vimc_unplug drm_unplug media_race uinput_unplug; do
	cp "$selftests/kselftest/objres/$prog" "$rootfs/usr/bin/" || exit 1
done
# Debian's programs with the shared libraries they load.
for prog in /usr/bin/v4l2-compliance /usr/bin/v4l2-ctl /usr/bin/media-ctl \
	    /usr/bin/modetest /usr/bin/evtest; do
	cp "$prog" "$rootfs/usr/bin/"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		mkdir -p "$rootfs$(dirname "$lib")"
		cp -L "$lib" "$rootfs$lib"
	done
done
cp "$repo/mk/e2e/init" "$rootfs/init"
chmod +x "$rootfs/init"
pack() {
	(cd "$rootfs" && find . | cpio -o -H newc --quiet | gzip -1) \
		>"$build/initramfs.cpio.gz"
}
pack

# What v4l2-compliance fails on the pristine tree too is not the project's:
# the same initramfs boots a pristine kernel (same fragment, minus the
# project's options) with objres_e2e=compliance, and the failures it
# prints go into the initramfs, which mk/e2e/init judges against. Made once
# per base, fragment, v4l-utils and init script.
pfails=$build/pristine-v4l2-fails.txt
key=$(cat "$pristine/.objres-base" "$fragment" "$repo/mk/e2e/init" \
	/usr/bin/v4l2-compliance | sha1sum | cut -c1-12)
if [ ! -f "$pfails" ] || [ "$(cat "$pfails.key" 2>/dev/null)" != "$key" ]; then
	rm -f "$pfails" "$pfails.key"
	pfragment=$pbuild/e2e-pristine.config
	mkdir -p "$pbuild"
	"$here/pristine-config.sh" "$pristine" "$fragment" >"$pfragment" &&
		"$here/x86-kernel.sh" "$pristine" "$pbuild" "$pfragment" \
			"pristine x86_64" || exit 1
	echo "objres: v4l2-compliance on the pristine kernel in qemu (TCG)"
	timeout 900 qemu-system-x86_64 -m 2G -smp 2 -nographic -no-reboot \
		-bios /usr/share/qemu/qboot.rom \
		-kernel "$pbuild/arch/x86/boot/bzImage" \
		-initrd "$build/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 objres_e2e=compliance" </dev/null 2>&1 |
		tr -d '\r' >"$build/console-pristine.log"
	if ! grep -q '^objres-e2e: pristine-total: .*Grand Total' "$build/console-pristine.log"; then
		tail -20 "$build/console-pristine.log"
		echo "objres: v4l2-compliance did not finish on the pristine kernel" \
			"(console: $build/console-pristine.log)"
		exit 1
	fi
	sed -n 's/^objres-e2e: pristine-fail: //p' "$build/console-pristine.log" >"$pfails"
	echo "$key" >"$pfails.key"
fi
echo "objres: v4l2-compliance on the pristine kernel:" \
	"$(sed -n 's/^objres-e2e: pristine-total: //p' "$build/console-pristine.log")"
cp "$pfails" "$rootfs/etc/pristine-v4l2-fails"
pack

# On the console: the init's verdicts, and the programs' TAP output, which
# the init shows with each program's name before every line.
echo "objres: booting in qemu-system-x86_64 (TCG)"
boot=$(date +%s)
timeout 900 qemu-system-x86_64 -m 2G -smp 2 -nographic -no-reboot \
	-bios /usr/share/qemu/qboot.rom \
	-kernel "$kbuild/arch/x86/boot/bzImage" \
	-initrd "$build/initramfs.cpio.gz" \
	-device virtio-keyboard-pci \
	-append "console=ttyS0 panic=-1 kmemleak=on drm.debug=0x200" </dev/null 2>&1 |
	tr -d '\r' | tee "$console" | grep --line-buffered -E '^objres-e2e:|vimc_unplug:|drm_unplug:|media_race:|uinput_unplug:'
done_at=$(date +%s)

echo
echo "step              verdict  detail"
echo "----------------  -------  ------"
failed=0
steps=0
while read -r line; do
	rest=${line#objres-e2e: step }
	name=${rest%%:*}
	rest=${rest#*: }
	verdict=${rest%% *}
	detail=${rest#"$verdict"}
	printf '%-16s  %-7s %s\n' "$name" "$verdict" "$detail"
	steps=$((steps + 1))
	[ "$verdict" = FAIL ] && failed=$((failed + 1))
done < <(grep '^objres-e2e: step ' "$console")

if ! grep -q '^objres-e2e: done' "$console"; then
	echo "objres: the run did not finish (console: $console)"
	failed=$((failed + 1))
fi
echo
echo "build $((built - start)) s, boot and scenario $((done_at - boot)) s"
echo "e2e: $((steps - failed)) passed, $failed failed"
[ "$failed" = 0 ] && [ "$steps" -gt 0 ]
