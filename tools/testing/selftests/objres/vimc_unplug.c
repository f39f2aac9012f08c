// SPDX-License-Identifier: GPL-2.0
/*
 * vimc_unplug - keep using vimc's media and video nodes across an unbind
 *
 * Usage: vimc_unplug /dev/mediaN /dev/videoN UNBIND_FILE DEVICE
 *   e.g. vimc_unplug /dev/media0 /dev/video0 \
 *		/sys/bus/platform/drivers/vimc/unbind vimc.0
 *
 * The program opens the media device and a capture video node, sets up
 * MMAP buffers and (if the pipeline allows it) starts streaming, then
 * unbinds the driver itself by writing DEVICE to UNBIND_FILE. Afterwards
 * it keeps using the open file descriptors and the buffer mappings: the
 * ioctls must fail with an errno, the mappings must stay accessible, and
 * closing everything must not crash the kernel. It never rebinds.
 *
 * It reports in TAP (kselftest.h), one result per step:
 *
 *   ok 10 streamon (streaming)
 *   ok 11 dqbuf (2 buffer(s) dequeued and requeued)
 *   ok 12 unbind (vimc.0 from /sys/bus/platform/drivers/vimc/unbind)
 *   ok 17 # SKIP poll after unbind (revents 0x0, no POLLERR)
 *
 * A skip is an optional step not done or an optional check not met. The
 * exit status is KSFT_PASS only if no step failed, and KSFT_SKIP when the
 * program is started without arguments, as the kselftest runner does:
 * unbinding a driver is up to the caller.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/videodev2.h>

#include "../kselftest.h"

#define PROG		"vimc_unplug"
#include "unplug.h"

#define USAGE		"/dev/mediaN /dev/videoN UNBIND_FILE DEVICE"

#define NUM_BUFS	4
#define MAX_MAPS	(NUM_BUFS * VIDEO_MAX_PLANES)
#define DQBUF_TIMEOUT_MS	2000

struct mapping {
	void *addr;
	size_t len;
};

static struct mapping maps[MAX_MAPS];
static unsigned int num_maps;
static void fourcc_str(__u32 f, char *s)
{
	s[0] = f & 0x7f;
	s[1] = (f >> 8) & 0x7f;
	s[2] = (f >> 16) & 0x7f;
	s[3] = (f >> 24) & 0x7f;
	s[4] = '\0';
}

static void init_buffer(struct v4l2_buffer *buf, struct v4l2_plane *planes,
			enum v4l2_buf_type type, unsigned int index)
{
	memset(buf, 0, sizeof(*buf));
	buf->type = type;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) {
		memset(planes, 0, sizeof(*planes) * VIDEO_MAX_PLANES);
		buf->m.planes = planes;
		buf->length = VIDEO_MAX_PLANES;
	}
}

static int map_buffer(int vfd, enum v4l2_buf_type type, unsigned int index)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;
	unsigned int nplanes, p;
	size_t len;
	off_t off;
	void *addr;

	init_buffer(&buf, planes, type, index);
	if (xioctl(vfd, VIDIOC_QUERYBUF, &buf) < 0) {
		fail("querybuf", "buffer %u: %s: %s", index, errname(errno),
		     strerror(errno));
		return -1;
	}

	nplanes = type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE ? buf.length : 1;
	if (nplanes < 1 || nplanes > VIDEO_MAX_PLANES) {
		fail("querybuf", "buffer %u: %u planes", index, nplanes);
		return -1;
	}

	for (p = 0; p < nplanes; p++) {
		if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) {
			len = planes[p].length;
			off = planes[p].m.mem_offset;
		} else {
			len = buf.length;
			off = buf.m.offset;
		}
		if (!len) {
			fail("mmap", "buffer %u plane %u: length 0", index, p);
			return -1;
		}
		addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			    vfd, off);
		if (addr == MAP_FAILED) {
			fail("mmap", "buffer %u plane %u: %s: %s", index, p,
			     errname(errno), strerror(errno));
			return -1;
		}
		maps[num_maps].addr = addr;
		maps[num_maps].len = len;
		num_maps++;
	}
	return 0;
}

static int queue_buffer(int vfd, enum v4l2_buf_type type, unsigned int index)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	init_buffer(&buf, planes, type, index);
	return xioctl(vfd, VIDIOC_QBUF, &buf);
}

/* Wait for a frame and dequeue (and requeue) what is ready. Optional. */
static void dequeue_frames(int vfd, enum v4l2_buf_type type)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct pollfd pfd = { .fd = vfd, .events = POLLIN };
	struct v4l2_buffer buf;
	unsigned int count = 0;
	int ret;

	ret = poll(&pfd, 1, DQBUF_TIMEOUT_MS);
	if (ret < 0) {
		skip("dqbuf", "poll: %s: %s", errname(errno), strerror(errno));
		return;
	}
	if (ret == 0) {
		skip("dqbuf", "no buffer within %d ms", DQBUF_TIMEOUT_MS);
		return;
	}

	for (;;) {
		init_buffer(&buf, planes, type, 0);
		if (xioctl(vfd, VIDIOC_DQBUF, &buf) < 0)
			break;
		count++;
		if (queue_buffer(vfd, type, buf.index) < 0)
			skip("requeue", "buffer %u: %s: %s", buf.index,
			     errname(errno), strerror(errno));
	}
	if (count)
		pass("dqbuf", "%u buffer(s) dequeued and requeued", count);
	else
		skip("dqbuf", "poll revents 0x%x but DQBUF: %s: %s",
		     pfd.revents, errname(errno), strerror(errno));
}

static void check_after_unbind(int mfd, int vfd, enum v4l2_buf_type type)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct pollfd pfd = { .fd = vfd, .events = POLLIN | POLLPRI };
	struct media_device_info info;
	struct v4l2_capability cap;
	struct v4l2_buffer buf;
	unsigned int i, mismatches = 0;
	int sig, mismatch, ret;

	memset(&cap, 0, sizeof(cap));
	if (xioctl(vfd, VIDIOC_QUERYCAP, &cap) == 0)
		fail("querycap after unbind", "ioctl succeeded");
	else
		pass("querycap after unbind", "%s: %s", errname(errno),
		     strerror(errno));

	memset(&info, 0, sizeof(info));
	if (xioctl(mfd, MEDIA_IOC_DEVICE_INFO, &info) == 0)
		fail("device_info after unbind", "ioctl succeeded");
	else
		pass("device_info after unbind", "%s: %s", errname(errno),
		     strerror(errno));

	init_buffer(&buf, planes, type, 0);
	if (xioctl(vfd, VIDIOC_DQBUF, &buf) == 0)
		fail("dqbuf after unbind", "dequeued buffer %u", buf.index);
	else
		pass("dqbuf after unbind", "%s: %s", errname(errno),
		     strerror(errno));

	for (i = 0; i < num_maps; i++) {
		sig = touch_mapping(maps[i].addr, maps[i].len, 0x5a, 0,
				    &mismatch);
		if (sig < 0) {
			fail("mapping access after unbind", "sigaction: %s: %s",
			     errname(errno), strerror(errno));
			return;
		}
		if (sig) {
			fail("mapping access after unbind",
			     "mapping %u (%zu bytes): %s", i, maps[i].len,
			     signame(sig));
			return;
		}
		mismatches += mismatch;
	}
	if (mismatches)
		fail("mapping access after unbind",
		     "%u mapping(s) did not read back what was written",
		     mismatches);
	else
		pass("mapping access after unbind",
		     "first and last byte of %u mapping(s) read and written",
		     num_maps);

	ret = poll(&pfd, 1, 0);
	if (ret < 0)
		skip("poll after unbind", "%s: %s", errname(errno),
		     strerror(errno));
	else if (pfd.revents & POLLERR)
		pass("poll after unbind", "revents 0x%x, POLLERR set",
		     pfd.revents);
	else
		skip("poll after unbind", "revents 0x%x, no POLLERR",
		     pfd.revents);
}

static void cleanup(int mfd, int vfd)
{
	unsigned int i, bad = 0;

	for (i = 0; i < num_maps; i++) {
		if (munmap(maps[i].addr, maps[i].len) < 0) {
			fail("munmap", "mapping %u: %s: %s", i, errname(errno),
			     strerror(errno));
			bad++;
		}
	}
	if (num_maps && !bad)
		pass("munmap", "%u mapping(s)", num_maps);
	num_maps = 0;

	if (vfd >= 0) {
		trace_mark("vimc_unplug: last close");
		if (close(vfd) < 0)
			fail("close video", "%s: %s", errname(errno),
			     strerror(errno));
		else
			pass("close video", "fd %d", vfd);
	}
	if (mfd >= 0) {
		if (close(mfd) < 0)
			fail("close media", "%s: %s", errname(errno),
			     strerror(errno));
		else
			pass("close media", "fd %d", mfd);
	}
}

static __noreturn void finish(int mfd, int vfd)
{
	cleanup(mfd, vfd);
	unplug_finished();
}

int main(int argc, char **argv)
{
	struct v4l2_requestbuffers req;
	struct media_device_info info;
	struct v4l2_capability cap;
	struct v4l2_format fmt, set;
	enum v4l2_buf_type type;
	unsigned int i, nbufs;
	int mfd = -1, vfd = -1;
	int streaming = 0;
	char fcc[5];
	__u32 caps;

	ksft_print_header();
	if (argc == 1)
		ksft_exit_skip("unbinds vimc, run as: %s %s\n", PROG, USAGE);
	if (argc != 5)
		ksft_exit_fail_msg("usage: %s %s\n", PROG, USAGE);
	start_watchdog();

	/* a) the media device */
	mfd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (mfd < 0) {
		fail("open media", "%s: %s: %s", argv[1], errname(errno),
		     strerror(errno));
		finish(mfd, vfd);
	}
	pass("open media", "%s", argv[1]);

	memset(&info, 0, sizeof(info));
	if (xioctl(mfd, MEDIA_IOC_DEVICE_INFO, &info) < 0) {
		fail("device_info", "%s: %s", errname(errno), strerror(errno));
		finish(mfd, vfd);
	}
	info.driver[sizeof(info.driver) - 1] = '\0';
	info.model[sizeof(info.model) - 1] = '\0';
	info.bus_info[sizeof(info.bus_info) - 1] = '\0';
	if (strcmp(info.driver, "vimc")) {
		fail("device_info", "driver \"%s\", expected \"vimc\"",
		     info.driver);
		finish(mfd, vfd);
	}
	pass("device_info", "driver %s, model %s, bus %s", info.driver,
	     info.model, info.bus_info);

	/* b) the video node */
	vfd = open(argv[2], O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (vfd < 0) {
		fail("open video", "%s: %s: %s", argv[2], errname(errno),
		     strerror(errno));
		finish(mfd, vfd);
	}
	pass("open video", "%s", argv[2]);

	memset(&cap, 0, sizeof(cap));
	if (xioctl(vfd, VIDIOC_QUERYCAP, &cap) < 0) {
		fail("querycap", "%s: %s", errname(errno), strerror(errno));
		finish(mfd, vfd);
	}
	caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ?
		cap.device_caps : cap.capabilities;
	if (caps & V4L2_CAP_VIDEO_CAPTURE) {
		type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	} else if (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE) {
		type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	} else {
		fail("querycap", "caps 0x%08x: no video capture", caps);
		finish(mfd, vfd);
	}
	if (!(caps & V4L2_CAP_STREAMING)) {
		fail("querycap", "caps 0x%08x: no streaming", caps);
		finish(mfd, vfd);
	}
	cap.card[sizeof(cap.card) - 1] = '\0';
	pass("querycap", "card \"%s\", caps 0x%08x, %s", (char *)cap.card, caps,
	     type == V4L2_BUF_TYPE_VIDEO_CAPTURE ? "single-planar" :
	     "multi-planar");

	memset(&fmt, 0, sizeof(fmt));
	fmt.type = type;
	if (xioctl(vfd, VIDIOC_G_FMT, &fmt) < 0) {
		fail("g_fmt", "%s: %s", errname(errno), strerror(errno));
		finish(mfd, vfd);
	}
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE) {
		fourcc_str(fmt.fmt.pix.pixelformat, fcc);
		pass("g_fmt", "%ux%u %s, sizeimage %u", fmt.fmt.pix.width,
		     fmt.fmt.pix.height, fcc, fmt.fmt.pix.sizeimage);
	} else {
		fourcc_str(fmt.fmt.pix_mp.pixelformat, fcc);
		pass("g_fmt", "%ux%u %s, %u plane(s)", fmt.fmt.pix_mp.width,
		     fmt.fmt.pix_mp.height, fcc, fmt.fmt.pix_mp.num_planes);
	}

	set = fmt;
	if (xioctl(vfd, VIDIOC_S_FMT, &set) < 0) {
		fail("s_fmt", "%s: %s", errname(errno), strerror(errno));
		finish(mfd, vfd);
	}
	pass("s_fmt", "same format set again");

	/* c) buffers and streaming */
	memset(&req, 0, sizeof(req));
	req.count = NUM_BUFS;
	req.type = type;
	req.memory = V4L2_MEMORY_MMAP;
	if (xioctl(vfd, VIDIOC_REQBUFS, &req) < 0) {
		fail("reqbufs", "%s: %s", errname(errno), strerror(errno));
		finish(mfd, vfd);
	}
	if (req.count < 1) {
		fail("reqbufs", "no buffers allocated");
		finish(mfd, vfd);
	}
	nbufs = req.count < NUM_BUFS ? req.count : NUM_BUFS;
	pass("reqbufs", "%u buffer(s) requested, %u allocated, using %u",
	     NUM_BUFS, req.count, nbufs);

	for (i = 0; i < nbufs; i++)
		if (map_buffer(vfd, type, i) < 0)
			finish(mfd, vfd);
	pass("querybuf+mmap", "%u mapping(s), %zu bytes the first", num_maps,
	     maps[0].len);

	for (i = 0; i < nbufs; i++) {
		if (queue_buffer(vfd, type, i) < 0) {
			fail("qbuf", "buffer %u: %s: %s", i, errname(errno),
			     strerror(errno));
			finish(mfd, vfd);
		}
	}
	pass("qbuf", "%u buffer(s)", nbufs);

	if (xioctl(vfd, VIDIOC_STREAMON, &type) < 0) {
		if (errno == EPIPE || errno == EINVAL || errno == ENOLINK) {
			skip("streamon", "%s: %s; pipeline not streamable, buffers stay queued",
			     errname(errno), strerror(errno));
		} else {
			fail("streamon", "%s: %s", errname(errno),
			     strerror(errno));
			finish(mfd, vfd);
		}
	} else {
		streaming = 1;
		pass("streamon", "streaming");
	}

	if (streaming)
		dequeue_frames(vfd, type);
	else
		skip("dqbuf", "not streaming");

	/* d) unplug */
	if (unbind(argv[3], argv[4]) < 0)
		finish(mfd, vfd);

	/* e) the open fds and mappings after unbind */
	check_after_unbind(mfd, vfd, type);

	/* f) tear down */
	finish(mfd, vfd);
}
