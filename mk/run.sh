#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end run: build an x86_64 kernel from the patched tree, pack an
# initramfs of Debian's busybox-static, v4l-utils, libdrm-tests and evtest
# plus the project's unplug programs, boot it in qemu (TCG) with a virtio
# keyboard and judge what mk/e2e/init reports. Ends with a summary table;
# exits 0 only if every step passed.
#
# Usage: mk/run.sh REPO TREE KERNEL_BUILD_DIR WORK_DIR

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
mkdir -p "$3" "$4"
kbuild=$(cd "$3" && pwd)
build=$(cd "$4" && pwd)
rootfs=$build/rootfs
console=$build/console.log
fragment=$repo/mk/e2e.config

start=$(date +%s)

# Configure from the Kconfig defaults plus the fragment, as kunit.py does,
# and again whenever the fragment changes or an option of it is not set
# (a make in the build directory may have rewritten .config since).
unset_opts() {
	for opt in $(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/\1/p' "$fragment"); do
		grep -q "^$opt=y" "$kbuild/.config" || echo "$opt"
	done
}
if [ ! -f "$kbuild/.config" ] || [ "$fragment" -nt "$kbuild/.config" ] ||
   [ -n "$(unset_opts)" ]; then
	echo "objres: configuring the x86_64 kernel in $kbuild"
	make -C "$tree" O="$kbuild" alldefconfig >/dev/null &&
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$kbuild" \
		"$kbuild/.config" "$fragment" >/dev/null &&
	make -C "$tree" O="$kbuild" olddefconfig >/dev/null || exit 1
	for opt in $(unset_opts); do
		echo "objres: $opt did not stick in the e2e config"
		exit 1
	done
fi

echo "objres: building the x86_64 kernel (KASAN, lockdep, kmemleak)"
if ! make -C "$tree" O="$kbuild" -j"$(nproc)" bzImage >"$build/build.log" 2>&1; then
	grep -E 'error' "$build/build.log" | head -20
	echo "objres: x86_64 kernel build failed (log: $build/build.log)"
	exit 1
fi
built=$(date +%s)
echo "objres: kernel built in $((built - start)) s"

echo "objres: packing the initramfs"
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc}
cp /bin/busybox "$rootfs/bin/busybox"
ln -s busybox "$rootfs/bin/sh"
for prog in vimc_unplug drm_unplug media_race uinput_unplug; do
	gcc -static -pthread -O2 -Wall -Wextra -Werror -o "$rootfs/usr/bin/$prog" \
		"$repo/tools/testing/selftests/objres/$prog.c" || exit 1
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
(cd "$rootfs" && find . | cpio -o -H newc --quiet | gzip -1) \
	>"$build/initramfs.cpio.gz"

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
