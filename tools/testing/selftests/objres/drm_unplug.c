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
 * Every step prints one line on stdout:
 *
 *   drm_unplug: <step>: ok (<detail>)
 *   drm_unplug: <step>: FAIL (<detail>)
 *   drm_unplug: <step>: warn (<detail>)	optional check not met
 *
 * The exit status is 0 only if no step printed FAIL, 1 if one did, 2 on
 * bad arguments and 4 (kselftest skip) when started without arguments.
 */

#include <assert.h>
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

#include <linux/types.h>

/*
 * The host has no <drm/drm.h> (it comes with libdrm-dev, or with the
 * kernel's installed headers, neither of which this program needs), so the
 * few structures and ioctl numbers used here are declared from the stable
 * DRM uapi: include/uapi/drm/drm.h and include/uapi/drm/drm_mode.h. The
 * layouts and numbers must never change there; the size checks below
 * catch a typo here, since the size is part of every ioctl number.
 */
struct drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

struct drm_mode_card_res {
	__u64 fb_id_ptr;
	__u64 crtc_id_ptr;
	__u64 connector_id_ptr;
	__u64 encoder_id_ptr;
	__u32 count_fbs;
	__u32 count_crtcs;
	__u32 count_connectors;
	__u32 count_encoders;
	__u32 min_width;
	__u32 max_width;
	__u32 min_height;
	__u32 max_height;
};

struct drm_mode_create_dumb {
	__u32 height;
	__u32 width;
	__u32 bpp;
	__u32 flags;
	__u32 handle;
	__u32 pitch;
	__u64 size;
};

struct drm_mode_map_dumb {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

struct drm_mode_destroy_dumb {
	__u32 handle;
};

static_assert(sizeof(struct drm_mode_card_res) == 64, "drm_mode_card_res");
static_assert(sizeof(struct drm_mode_create_dumb) == 32,
	      "drm_mode_create_dumb");
static_assert(sizeof(struct drm_mode_map_dumb) == 16, "drm_mode_map_dumb");
static_assert(sizeof(struct drm_mode_destroy_dumb) == 4,
	      "drm_mode_destroy_dumb");

#define DRM_IOCTL_BASE			'd'
#define DRM_IOWR(nr, type)		_IOWR(DRM_IOCTL_BASE, nr, type)
#define DRM_IOCTL_VERSION		DRM_IOWR(0x00, struct drm_version)
#define DRM_IOCTL_MODE_GETRESOURCES	\
	DRM_IOWR(0xa0, struct drm_mode_card_res)
#define DRM_IOCTL_MODE_CREATE_DUMB	\
	DRM_IOWR(0xb2, struct drm_mode_create_dumb)
#define DRM_IOCTL_MODE_MAP_DUMB		\
	DRM_IOWR(0xb3, struct drm_mode_map_dumb)
#define DRM_IOCTL_MODE_DESTROY_DUMB	\
	DRM_IOWR(0xb4, struct drm_mode_destroy_dumb)

#define PROG		"drm_unplug"
#include "unplug.h"

#define BUF_WIDTH	64
#define BUF_HEIGHT	64
#define BUF_BPP		32

static int get_resources(int fd, struct drm_mode_card_res *res)
{
	memset(res, 0, sizeof(*res));
	return xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, res);
}

static int finish(int fd, void *map, size_t len)
{
	if (map != MAP_FAILED) {
		if (munmap(map, len) < 0)
			fail("munmap", "%s: %s", errname(errno),
			     strerror(errno));
		else
			ok("munmap", "%zu bytes", len);
	}
	if (fd >= 0) {
		trace_mark("drm_unplug: last close");
		if (close(fd) < 0)
			fail("close", "%s: %s", errname(errno),
			     strerror(errno));
		else
			ok("close", "fd %d", fd);
	}
	if (failed)
		fail("result", "a step failed");
	else
		ok("result", "all required steps passed");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
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

	if (argc != 4) {
		fprintf(stderr,
			"usage: %s /dev/dri/cardN UNBIND_FILE DEVICE\n"
			"  e.g. %s /dev/dri/card0 \\\n"
			"\t/sys/bus/pci/drivers/bochs-drm/unbind 0000:00:02.0\n",
			PROG, PROG);
		/*
		 * The kselftest runner starts the program without arguments:
		 * unbinding a driver is up to the caller, so skip then.
		 */
		return argc == 1 ? KSFT_SKIP : 2;
	}

	if (unplug_setup())
		return 2;

	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail("open", "%s: %s: %s", argv[1], errname(errno),
		     strerror(errno));
		return finish(fd, map, len);
	}
	ok("open", "%s", argv[1]);

	memset(&version, 0, sizeof(version));
	memset(name, 0, sizeof(name));
	version.name = name;
	version.name_len = sizeof(name) - 1;
	if (xioctl(fd, DRM_IOCTL_VERSION, &version) < 0) {
		fail("version", "%s: %s", errname(errno), strerror(errno));
		return finish(fd, map, len);
	}
	ok("version", "driver %s %d.%d.%d", name, version.version_major,
	   version.version_minor, version.version_patchlevel);

	if (get_resources(fd, &res) < 0) {
		fail("getresources", "%s: %s", errname(errno),
		     strerror(errno));
		return finish(fd, map, len);
	}
	ok("getresources", "%u crtc(s), %u connector(s), %u encoder(s)",
	   res.count_crtcs, res.count_connectors, res.count_encoders);

	memset(&create, 0, sizeof(create));
	create.width = BUF_WIDTH;
	create.height = BUF_HEIGHT;
	create.bpp = BUF_BPP;
	if (xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) < 0) {
		fail("create_dumb", "%s: %s", errname(errno),
		     strerror(errno));
		return finish(fd, map, len);
	}
	if (create.pitch < BUF_WIDTH * BUF_BPP / 8 ||
	    create.size < (__u64)create.pitch * BUF_HEIGHT) {
		fail("create_dumb", "handle %u: bad pitch %u or size %llu",
		     create.handle, create.pitch,
		     (unsigned long long)create.size);
		return finish(fd, map, len);
	}
	ok("create_dumb", "%ux%u %u bpp: handle %u, pitch %u, size %llu",
	   BUF_WIDTH, BUF_HEIGHT, BUF_BPP, create.handle, create.pitch,
	   (unsigned long long)create.size);

	memset(&map_arg, 0, sizeof(map_arg));
	map_arg.handle = create.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map_arg) < 0) {
		fail("map_dumb", "%s: %s", errname(errno), strerror(errno));
		return finish(fd, map, len);
	}
	ok("map_dumb", "offset 0x%llx", (unsigned long long)map_arg.offset);

	len = create.size;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   map_arg.offset);
	if (map == MAP_FAILED) {
		fail("mmap", "%s: %s", errname(errno), strerror(errno));
		return finish(fd, map, len);
	}
	ok("mmap", "%zu bytes", len);

	sig = touch_mapping(map, len, 0x5a, 1, &mismatch);
	if (sig < 0) {
		fail("write", "sigaction: %s: %s", errname(errno),
		     strerror(errno));
		return finish(fd, map, len);
	}
	if (sig) {
		fail("write", "%s", signame(sig));
		return finish(fd, map, len);
	}
	if (mismatch) {
		fail("write", "written bytes did not read back");
		return finish(fd, map, len);
	}
	ok("write", "%zu bytes written, first and last read back", len);

	if (unbind(argv[2], argv[3]) < 0)
		return finish(fd, map, len);

	if (get_resources(fd, &res) == 0)
		fail("getresources after unbind",
		     "ioctl succeeded; is %s driven by the unbound driver?",
		     argv[1]);
	else if (errno == ENODEV)
		ok("getresources after unbind", "%s: %s", errname(errno),
		   strerror(errno));
	else
		ok("getresources after unbind", "%s: %s; ENODEV expected",
		   errname(errno), strerror(errno));

	sig = touch_mapping(map, len, 0xa5, 0, &mismatch);
	if (sig < 0)
		fail("mapping access after unbind", "sigaction: %s: %s",
		     errname(errno), strerror(errno));
	else if (sig == SIGBUS)
		ok("mapping access after unbind", "mapping revoked (SIGBUS)");
	else if (sig)
		fail("mapping access after unbind", "%s", signame(sig));
	else if (mismatch)
		ok("mapping access after unbind",
		   "mapping still writable, but a write did not read back");
	else
		ok("mapping access after unbind",
		   "mapping still writable, first and last byte read back");

	/* Optional: the handle goes away on close in any case. */
	memset(&destroy, 0, sizeof(destroy));
	destroy.handle = create.handle;
	if (xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy) == 0)
		warn("destroy_dumb after unbind", "ioctl succeeded");
	else
		ok("destroy_dumb after unbind", "%s: %s", errname(errno),
		   strerror(errno));

	return finish(fd, map, len);
}
