// SPDX-License-Identifier: GPL-2.0
/*
 * drm_unplug - keep using a DRM card and a dumb buffer across an unbind
 *
 * Usage: drm_unplug /dev/dri/cardN UNBIND_FILE DEVICE
 *   e.g. drm_unplug /dev/dri/card0 \
 *		/sys/bus/pci/drivers/bochs-drm/unbind 0000:00:02.0
 *
 * The program opens the card, creates and maps a 64x64 32 bpp dumb buffer
 * and writes to it, then unbinds the driver itself by writing DEVICE to
 * UNBIND_FILE. Afterwards the KMS ioctls on the open file descriptor must
 * fail, and the buffer mapping must either still be writable or raise
 * SIGBUS (DRM may zap the mappings of an unplugged device); unmapping and
 * closing must not crash the kernel. It never rebinds.
 *
 * It reports in TAP (kselftest.h), one result per step:
 *
 *   ok 8 unbind (0000:00:02.0 from /sys/bus/pci/drivers/bochs-drm/unbind)
 *   ok 9 getresources after unbind (ENODEV: No such device)
 *   ok 10 mapping access after unbind (mapping revoked (SIGBUS))
 *
 * A skip is an optional check not met. The exit status is KSFT_PASS only
 * if no step failed, and KSFT_SKIP when the program is started without
 * arguments, as the kselftest runner does: unbinding a driver is up to
 * the caller.
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "../kselftest.h"

#define PROG		"drm_unplug"
#include "unplug.h"

#define USAGE		"/dev/dri/cardN UNBIND_FILE DEVICE"

#define BUF_WIDTH	64
#define BUF_HEIGHT	64
#define BUF_BPP		32

static int get_resources(int fd, struct drm_mode_card_res *res)
{
	memset(res, 0, sizeof(*res));
	return xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, res);
}

static __noreturn void finish(int fd, void *map, size_t len)
{
	if (map != MAP_FAILED) {
		if (munmap(map, len) < 0)
			fail("munmap", "%s: %s", errname(errno),
			     strerror(errno));
		else
			pass("munmap", "%zu bytes", len);
	}
	if (fd >= 0) {
		trace_mark("drm_unplug: last close");
		if (close(fd) < 0)
			fail("close", "%s: %s", errname(errno),
			     strerror(errno));
		else
			pass("close", "fd %d", fd);
	}
	unplug_finished();
}

int main(int argc, char **argv)
{
	struct drm_mode_destroy_dumb destroy;
	struct drm_mode_create_dumb create;
	struct drm_mode_map_dumb map_arg;
	struct drm_mode_card_res res;
	struct drm_version version;
	void *map = MAP_FAILED;
	char name[64];
	size_t len = 0;
	int fd, sig, mismatch;

	ksft_print_header();
	if (argc == 1)
		ksft_exit_skip("unbinds a DRM driver, run as: %s %s\n", PROG,
			       USAGE);
	if (argc != 4)
		ksft_exit_fail_msg("usage: %s %s\n", PROG, USAGE);
	start_watchdog();

	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail("open", "%s: %s: %s", argv[1], errname(errno),
		     strerror(errno));
		finish(fd, map, len);
	}
	pass("open", "%s", argv[1]);

	memset(&version, 0, sizeof(version));
	memset(name, 0, sizeof(name));
	version.name = name;
	version.name_len = sizeof(name) - 1;
	if (xioctl(fd, DRM_IOCTL_VERSION, &version) < 0) {
		fail("version", "%s: %s", errname(errno), strerror(errno));
		finish(fd, map, len);
	}
	pass("version", "driver %s %d.%d.%d", name, version.version_major,
	     version.version_minor, version.version_patchlevel);

	if (get_resources(fd, &res) < 0) {
		fail("getresources", "%s: %s", errname(errno),
		     strerror(errno));
		finish(fd, map, len);
	}
	pass("getresources", "%u crtc(s), %u connector(s), %u encoder(s)",
	     res.count_crtcs, res.count_connectors, res.count_encoders);

	memset(&create, 0, sizeof(create));
	create.width = BUF_WIDTH;
	create.height = BUF_HEIGHT;
	create.bpp = BUF_BPP;
	if (xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) < 0) {
		fail("create_dumb", "%s: %s", errname(errno),
		     strerror(errno));
		finish(fd, map, len);
	}
	if (create.pitch < BUF_WIDTH * BUF_BPP / 8 ||
	    create.size < (__u64)create.pitch * BUF_HEIGHT) {
		fail("create_dumb", "handle %u: bad pitch %u or size %llu",
		     create.handle, create.pitch,
		     (unsigned long long)create.size);
		finish(fd, map, len);
	}
	pass("create_dumb", "%ux%u %u bpp: handle %u, pitch %u, size %llu",
	     BUF_WIDTH, BUF_HEIGHT, BUF_BPP, create.handle, create.pitch,
	     (unsigned long long)create.size);

	memset(&map_arg, 0, sizeof(map_arg));
	map_arg.handle = create.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map_arg) < 0) {
		fail("map_dumb", "%s: %s", errname(errno), strerror(errno));
		finish(fd, map, len);
	}
	pass("map_dumb", "offset 0x%llx", (unsigned long long)map_arg.offset);

	len = create.size;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   map_arg.offset);
	if (map == MAP_FAILED) {
		fail("mmap", "%s: %s", errname(errno), strerror(errno));
		finish(fd, map, len);
	}
	pass("mmap", "%zu bytes", len);

	sig = touch_mapping(map, len, 0x5a, 1, &mismatch);
	if (sig < 0) {
		fail("write", "sigaction: %s: %s", errname(errno),
		     strerror(errno));
		finish(fd, map, len);
	}
	if (sig) {
		fail("write", "%s", signame(sig));
		finish(fd, map, len);
	}
	if (mismatch) {
		fail("write", "written bytes did not read back");
		finish(fd, map, len);
	}
	pass("write", "%zu bytes written, first and last read back", len);

	if (unbind(argv[2], argv[3]) < 0)
		finish(fd, map, len);

	if (get_resources(fd, &res) == 0)
		fail("getresources after unbind",
		     "ioctl succeeded; is %s driven by the unbound driver?",
		     argv[1]);
	else if (errno == ENODEV)
		pass("getresources after unbind", "%s: %s", errname(errno),
		     strerror(errno));
	else
		pass("getresources after unbind", "%s: %s; ENODEV expected",
		     errname(errno), strerror(errno));

	sig = touch_mapping(map, len, 0xa5, 0, &mismatch);
	if (sig < 0)
		fail("mapping access after unbind", "sigaction: %s: %s",
		     errname(errno), strerror(errno));
	else if (sig == SIGBUS)
		pass("mapping access after unbind", "mapping revoked (SIGBUS)");
	else if (sig)
		fail("mapping access after unbind", "%s", signame(sig));
	else if (mismatch)
		pass("mapping access after unbind",
		     "mapping still writable, but a write did not read back");
	else
		pass("mapping access after unbind",
		     "mapping still writable, first and last byte read back");

	/* Optional: the handle goes away on close in any case. */
	memset(&destroy, 0, sizeof(destroy));
	destroy.handle = create.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy) == 0)
		skip("destroy_dumb after unbind", "ioctl succeeded");
	else
		pass("destroy_dumb after unbind", "%s: %s", errname(errno),
		     strerror(errno));

	finish(fd, map, len);
}
