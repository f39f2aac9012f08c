// SPDX-License-Identifier: GPL-2.0
/*
 * uinput_unplug - hold an input event node while its uinput device goes
 *
 * Usage: uinput_unplug [/dev/uinput]
 *
 * The program creates a uinput keyboard with a name and a phys string,
 * opens its event node and checks both strings through it, then destroys
 * the device (UI_DEV_DESTROY: the device is unregistered, the uinput side
 * lets go of it) while still holding the event node. The held node must
 * fail cleanly (ENODEV), and the input_dev, with the strings that uinput
 * allocated with inputm_, lives until the node's last close: the objres
 * debugfs file of its head (CONFIG_OBJRES_DEBUG) must still list them,
 * and be gone after the close. No driver is unbound: uinput is the
 * hardware-free case of the same unplug.
 *
 * It reports in TAP (kselftest.h), one result per step:
 *
 *   ok 3 destroy (input5 destroyed, /dev/input/event3 still open)
 *   ok 4 read-after-destroy (ENODEV)
 *   ok 6 debugfs-held (input-7 lists 2 resources)
 *
 * A skip is an optional check not met: without CONFIG_OBJRES_DEBUG there
 * is no debugfs file to look at. The exit status is KSFT_PASS only if no
 * step failed, and KSFT_SKIP when /dev/uinput cannot be opened.
 */

#define PROG "uinput_unplug"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/input.h>
#include <linux/uinput.h>

#include "../kselftest.h"
#include "unplug.h"

#define DEV_NAME	"objres uinput keyboard"
#define DEV_PHYS	"objres/uinput0"
#define DEBUGFS		"/sys/kernel/debug/objres"
#define MAX_HEADS	64

/* The names of the input heads' debugfs files, at most MAX_HEADS. */
struct heads {
	char name[MAX_HEADS][256];
	int n;
};

static void list_heads(struct heads *h)
{
	struct dirent *de;
	DIR *dir;

	h->n = 0;
	dir = opendir(DEBUGFS);
	if (!dir)
		return;
	while ((de = readdir(dir)) && h->n < MAX_HEADS) {
		if (strncmp(de->d_name, "input-", 6))
			continue;
		snprintf(h->name[h->n++], sizeof(h->name[0]), "%s", de->d_name);
	}
	closedir(dir);
}

static int has_head(const struct heads *h, const char *name)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->name[i], name))
			return 1;
	return 0;
}

/* Resources a head's debugfs file lists now, or -1 if it is gone. */
static int head_resources(const char *name)
{
	char path[320], line[128];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", DEBUGFS, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f) &&
	    sscanf(line, "# %d resources", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

/* The event node of input device @sysname (inputN), opened read-only. */
static int open_event_node(const char *sysname, char *node, size_t len)
{
	char path[320];
	struct dirent *de;
	DIR *dir;
	int fd = -1;

	snprintf(path, sizeof(path), "/sys/devices/virtual/input/%s", sysname);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "event", 5))
			continue;
		snprintf(node, len, "/dev/input/%s", de->d_name);
		fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		break;
	}
	closedir(dir);
	return fd;
}

static int create_device(int ufd)
{
	struct uinput_setup setup;

	if (xioctl(ufd, UI_SET_EVBIT, (void *)EV_KEY) < 0 ||
	    xioctl(ufd, UI_SET_KEYBIT, (void *)KEY_A) < 0 ||
	    xioctl(ufd, UI_SET_PHYS, DEV_PHYS) < 0)
		return -1;
	memset(&setup, 0, sizeof(setup));
	setup.id.bustype = BUS_VIRTUAL;
	setup.id.vendor = 0x0b1e;
	setup.id.product = 0x0001;
	snprintf(setup.name, sizeof(setup.name), "%s", DEV_NAME);
	if (xioctl(ufd, UI_DEV_SETUP, &setup) < 0)
		return -1;
	return xioctl(ufd, UI_DEV_CREATE, NULL);
}

int main(int argc, char **argv)
{
	const char *uinput = argc > 1 ? argv[1] : "/dev/uinput";
	char sysname[32], node[320], name[128], phys[128], head[256] = "";
	static struct heads before, after;
	struct input_event ev;
	int ufd, efd, n, i;
	ssize_t r;

	ksft_print_header();
	start_watchdog();

	ufd = open(uinput, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ufd < 0)
		ksft_exit_skip("open (%s: %s)\n", uinput, strerror(errno));

	list_heads(&before);
	if (create_device(ufd) < 0) {
		fail("create", "%s: %s", errname(errno), strerror(errno));
		unplug_finished();
	}
	memset(sysname, 0, sizeof(sysname));
	if (xioctl(ufd, UI_GET_SYSNAME(sizeof(sysname) - 1), sysname) < 0) {
		fail("create", "UI_GET_SYSNAME: %s", errname(errno));
		unplug_finished();
	}
	pass("create", "%s \"%s\", phys %s", sysname, DEV_NAME, DEV_PHYS);

	efd = open_event_node(sysname, node, sizeof(node));
	if (efd < 0) {
		fail("open", "no event node of %s: %s", sysname, strerror(errno));
		unplug_finished();
	}
	memset(name, 0, sizeof(name));
	memset(phys, 0, sizeof(phys));
	if (xioctl(efd, EVIOCGNAME(sizeof(name) - 1), name) < 0 ||
	    xioctl(efd, EVIOCGPHYS(sizeof(phys) - 1), phys) < 0 ||
	    strcmp(name, DEV_NAME) || strcmp(phys, DEV_PHYS))
		fail("open", "%s: name \"%s\", phys \"%s\"", node, name, phys);
	else
		pass("open", "%s: name and phys as set", node);

	/* The new head: the one debugfs lists now and did not before. */
	for (i = 0; i < 20 && !head[0]; i++) {
		list_heads(&after);
		for (n = 0; n < after.n; n++)
			if (!has_head(&before, after.name[n]))
				snprintf(head, sizeof(head), "%s", after.name[n]);
		if (!head[0])
			usleep(50000);
	}
	if (!head[0])
		skip("debugfs", "no new input head in %s (CONFIG_OBJRES_DEBUG?)",
		     DEBUGFS);

	trace_mark(PROG ": unbinding");
	if (xioctl(ufd, UI_DEV_DESTROY, NULL) < 0) {
		fail("destroy", "UI_DEV_DESTROY: %s", errname(errno));
		unplug_finished();
	}
	pass("destroy", "%s destroyed, %s still open", sysname, node);

	r = read(efd, &ev, sizeof(ev));
	if (r < 0 && errno == ENODEV)
		pass("read-after-destroy", "ENODEV");
	else
		fail("read-after-destroy", "read returned %zd, %s", r,
		     r < 0 ? errname(errno) : "no error");
	if (xioctl(efd, EVIOCGNAME(sizeof(name) - 1), name) < 0 &&
	    errno == ENODEV)
		pass("ioctl-after-destroy", "EVIOCGNAME: ENODEV");
	else
		fail("ioctl-after-destroy", "EVIOCGNAME did not fail with ENODEV");

	if (head[0]) {
		n = head_resources(head);
		if (n >= 2)
			pass("debugfs-held", "%s lists %d resources", head, n);
		else
			fail("debugfs-held", "%s lists %d resources, want name and phys",
			     head, n);
	}

	trace_mark(PROG ": last close");
	close(efd);
	if (head[0]) {
		n = head_resources(head);
		if (n < 0)
			pass("debugfs-released", "%s gone after the last close", head);
		else
			fail("debugfs-released", "%s still lists %d resources",
			     head, n);
	}
	close(ufd);
	unplug_finished();
}
