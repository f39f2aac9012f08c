// SPDX-License-Identifier: GPL-2.0
/*
 * media_race - media ioctls racing with unbind and rebind of the driver
 *
 * Usage: media_race /dev/mediaN DRIVER_DIR DEVICE THREADS ROUNDS SECONDS
 *   e.g. media_race /dev/media0 /sys/bus/platform/drivers/vimc vimc.0 \
 *		4 100 60
 *
 * THREADS threads loop on MEDIA_IOC_DEVICE_INFO and MEDIA_IOC_G_TOPOLOGY
 * (the whole graph, copied to user memory) on their own file descriptor of
 * /dev/mediaN, reopening it whenever it
 * goes away, while the main thread unbinds DEVICE from the driver (writing
 * it to DRIVER_DIR/unbind) and binds it again, ROUNDS times or until
 * SECONDS have passed. An ioctl on a node whose driver is gone must fail
 * with EIO (or the open with ENOENT or ENXIO); any other failure, or a
 * kernel crash, fails the run. Whether the kernel touched freed memory is
 * for its log to say (KASAN).
 *
 * It reports in TAP (kselftest.h): a result for each step that failed, a
 * skip if no ioctl met an unbound node, and the rounds with a summary:
 *
 *   ok 1 rounds (100 unbind/bind rounds in 31.2 s, 4 threads, ...)
 *
 * The exit status is KSFT_PASS only if no step failed, and KSFT_SKIP when
 * the program is started without arguments, as the kselftest runner does:
 * unbinding a driver is up to the caller.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/media.h>

#include "../kselftest.h"

#define PROG		"media_race"
#include "unplug.h"

#define USAGE		"/dev/mediaN DRIVER_DIR DEVICE THREADS ROUNDS SECONDS"

#define MAX_THREADS	16
/* Room for the whole graph: G_TOPOLOGY then copies all of it, slowly. */
#define MAX_ENTITIES	64
#define MAX_INTERFACES	64
#define MAX_PADS	128
#define MAX_LINKS	256

struct topology {
	struct media_v2_entity entities[MAX_ENTITIES];
	struct media_v2_interface interfaces[MAX_INTERFACES];
	struct media_v2_pad pads[MAX_PADS];
	struct media_v2_link links[MAX_LINKS];
};

struct racer {
	pthread_t thread;
	const char *node;
	struct topology *topo;
	/* what the thread saw, read by main once it has joined */
	unsigned long ioctls_ok;
	unsigned long ioctls_eio;
	unsigned long opens;
	unsigned long opens_gone;
	int bad_errno;
	const char *bad_what;
};

static atomic_int stop;

static void note_bad(struct racer *r, const char *what, int err)
{
	if (!r->bad_what) {
		r->bad_what = what;
		r->bad_errno = err;
	}
}

/* One ioctl: 0 if it ran, 1 if the node is gone (EIO), -1 otherwise. */
static int race_ioctl(struct racer *r, int fd, unsigned long req, void *arg,
		      const char *what)
{
	if (!xioctl(fd, req, arg)) {
		r->ioctls_ok++;
		return 0;
	}
	if (errno == EIO) {
		r->ioctls_eio++;
		return 1;
	}
	note_bad(r, what, errno);
	return -1;
}

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	int fd = -1;

	while (!atomic_load(&stop)) {
		struct media_device_info info;
		struct media_v2_topology topo;

		if (fd < 0) {
			fd = open(r->node, O_RDWR | O_CLOEXEC);
			if (fd < 0) {
				if (errno != ENOENT && errno != ENXIO)
					note_bad(r, "open", errno);
				r->opens_gone++;
				usleep(100);
				continue;
			}
			r->opens++;
		}

		memset(&info, 0, sizeof(info));
		memset(&topo, 0, sizeof(topo));
		topo.ptr_entities = (uintptr_t)r->topo->entities;
		topo.num_entities = MAX_ENTITIES;
		topo.ptr_interfaces = (uintptr_t)r->topo->interfaces;
		topo.num_interfaces = MAX_INTERFACES;
		topo.ptr_pads = (uintptr_t)r->topo->pads;
		topo.num_pads = MAX_PADS;
		topo.ptr_links = (uintptr_t)r->topo->links;
		topo.num_links = MAX_LINKS;
		if (race_ioctl(r, fd, MEDIA_IOC_DEVICE_INFO, &info,
			       "MEDIA_IOC_DEVICE_INFO") ||
		    race_ioctl(r, fd, MEDIA_IOC_G_TOPOLOGY, &topo,
			       "MEDIA_IOC_G_TOPOLOGY")) {
			/* Gone: let go of the old node, find the new one. */
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* Write @name to @dir/@file, quietly: 0 or -1 with errno set. */
static int write_name(const char *dir, const char *file, const char *name)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, name, strlen(name));
	if (close(fd) < 0 || n < 0)
		return -1;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct racer racers[MAX_THREADS];
	unsigned long ok_sum = 0, eio_sum = 0, opens = 0, gone = 0;
	int threads, rounds, seconds, round, i, ret;
	const char *node, *dir, *device;
	double start, elapsed;
	char summary[256];
	int n;

	ksft_print_header();
	if (argc == 1)
		ksft_exit_skip("unbinds and binds a driver, run as: %s %s\n",
			       PROG, USAGE);
	if (argc != 7)
		ksft_exit_fail_msg("usage: %s %s\n", PROG, USAGE);
	node = argv[1];
	dir = argv[2];
	device = argv[3];
	threads = atoi(argv[4]);
	rounds = atoi(argv[5]);
	seconds = atoi(argv[6]);
	if (threads < 1 || threads > MAX_THREADS || rounds < 1 ||
	    seconds < 1 || seconds >= WATCHDOG_SECS - 10)
		ksft_exit_fail_msg("THREADS 1..%d, ROUNDS >= 1, SECONDS 1..%d\n",
				   MAX_THREADS, WATCHDOG_SECS - 11);
	start_watchdog();

	/* Bound to start with; a driver bound already says EBUSY or ENODEV. */
	write_name(dir, "bind", device);
	if (access(node, F_OK)) {
		fail("setup", "%s: %s after binding %s", node, errname(errno),
		     device);
		unplug_finished();
	}

	memset(racers, 0, sizeof(racers));
	for (i = 0; i < threads; i++) {
		racers[i].node = node;
		racers[i].topo = calloc(1, sizeof(*racers[i].topo));
		if (!racers[i].topo) {
			fail("setup", "out of memory");
			atomic_store(&stop, 1);
			threads = i;
			break;
		}
		ret = pthread_create(&racers[i].thread, NULL, racer_main,
				     &racers[i]);
		if (ret) {
			fail("setup", "pthread_create: %s", strerror(ret));
			free(racers[i].topo);
			atomic_store(&stop, 1);
			threads = i;
			break;
		}
	}

	start = now();
	for (round = 0; !ksft_get_fail_cnt() && round < rounds; round++) {
		if (now() - start >= seconds)
			break;
		/* Let the racers reopen and get their ioctls going. */
		usleep(20000);
		if (write_name(dir, "unbind", device)) {
			fail("unbind", "round %d: %s: %s", round + 1,
			     errname(errno), strerror(errno));
			break;
		}
		usleep(5000);
		if (write_name(dir, "bind", device)) {
			fail("bind", "round %d: %s: %s", round + 1,
			     errname(errno), strerror(errno));
			break;
		}
	}
	elapsed = now() - start;

	atomic_store(&stop, 1);
	for (i = 0; i < threads; i++) {
		pthread_join(racers[i].thread, NULL);
		ok_sum += racers[i].ioctls_ok;
		eio_sum += racers[i].ioctls_eio;
		opens += racers[i].opens;
		gone += racers[i].opens_gone;
		if (racers[i].bad_what)
			fail("ioctls", "thread %d: %s: %s: %s", i,
			     racers[i].bad_what, errname(racers[i].bad_errno),
			     strerror(racers[i].bad_errno));
		free(racers[i].topo);
	}

	if (!ksft_get_fail_cnt() && round < rounds && elapsed < seconds)
		fail("rounds", "stopped after %d of %d", round, rounds);
	else if (!eio_sum)
		skip("ioctls", "no ioctl met an unbound node in %d rounds",
		     round);
	if (ksft_get_fail_cnt())
		unplug_finished();
	n = snprintf(summary, sizeof(summary), "%d unbind/bind rounds in %.1f s",
		     round, elapsed);
	n += snprintf(summary + n, sizeof(summary) - n,
		      ", %d threads, %lu ioctls done", threads, ok_sum);
	n += snprintf(summary + n, sizeof(summary) - n,
		      ", %lu failed with EIO after unbind", eio_sum);
	snprintf(summary + n, sizeof(summary) - n,
		 ", %lu opens, %lu opens found no node", opens, gone);
	pass("rounds", "%s", summary);
	unplug_finished();
}
