/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unplug programs share besides kselftest.h: one TAP result per
 * step, errno names, ioctl retries, a watchdog, fault-catching access to
 * mappings, and the unbind itself, marked in the trace. Helpers a program
 * may not use are static inline, so that it builds without unused-function
 * warnings.
 *
 * The including program defines PROG, its name, first.
 */
#ifndef OBJRES_UNPLUG_H
#define OBJRES_UNPLUG_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../kselftest.h"

#define WATCHDOG_SECS	120	/* keep in sync with alarm_handler() */

/*
 * One TAP result per step: its name, then what it saw in parentheses, as
 * in "ok 3 open video (/dev/video0)". An optional step not done, or an
 * optional check not met, is a skip. The format strings are literals
 * pasted into kselftest's, so the compiler checks them against the
 * arguments.
 */
#define pass(step, fmt, ...)						\
	ksft_test_result_pass("%s (" fmt ")\n", step, ##__VA_ARGS__)
#define fail(step, fmt, ...)						\
	ksft_test_result_fail("%s (" fmt ")\n", step, ##__VA_ARGS__)
#define skip(step, fmt, ...)						\
	ksft_test_result_skip("%s (" fmt ")\n", step, ##__VA_ARGS__)

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },	{ EINTR, "EINTR" },
	{ EIO, "EIO" },		{ ENXIO, "ENXIO" },	{ EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" },	{ ENOMEM, "ENOMEM" },	{ EACCES, "EACCES" },
	{ EFAULT, "EFAULT" },	{ EBUSY, "EBUSY" },	{ ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" },	{ ENOTTY, "ENOTTY" },	{ ENOSPC, "ENOSPC" },
	{ EPIPE, "EPIPE" },	{ ENOLINK, "ENOLINK" },	{ ESHUTDOWN, "ESHUTDOWN" },
	{ ENOTCONN, "ENOTCONN" }, { EOPNOTSUPP, "EOPNOTSUPP" },
};

static const char *errname(int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	return "E?";
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

/* ksft_exit_fail_msg() with write() alone: this is a signal handler. */
static void alarm_handler(int sig)
{
	static const char msg[] =
		"Bail out! timeout (no result after 120 s)\n";
	ssize_t ret;

	(void)sig;
	ret = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)ret;
	_exit(KSFT_FAIL);
}

/* End the run if an unbind or an ioctl never returns. */
static void start_watchdog(void)
{
	if (signal(SIGALRM, alarm_handler) == SIG_ERR)
		ksft_exit_fail_perror("signal");
	alarm(WATCHDOG_SECS);
}

/*
 * How many steps a run reports depends on how far it gets: a failed step
 * ends the setup, and cleanup reports what there was to clean up. So the
 * plan comes last, as TAP allows, then the totals and the exit status:
 * KSFT_PASS if no step failed, KSFT_FAIL otherwise.
 */
static __noreturn void unplug_finished(void)
{
	ksft_set_plan(ksft_test_num());
	ksft_finished();
}

/* Fault catching around accesses to mappings. */
static sigjmp_buf fault_jmp;

/* Keep the compiler from merging or dropping accesses to the mappings. */
static inline void barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static void fault_handler(int sig)
{
	siglongjmp(fault_jmp, sig);
}

/*
 * Write @val to the first and the last byte of a mapping (to all of it if
 * @fill) and read both back. Returns 0, the number of the signal (SIGBUS,
 * SIGSEGV) an access raised, or -1 if the handlers could not be installed.
 * *mismatch is set if a written byte did not read back.
 */
static inline int touch_mapping(unsigned char *p, size_t len,
				unsigned char val, int fill, int *mismatch)
{
	struct sigaction sa, old_bus, old_segv;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fault_handler;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old_bus) < 0)
		return -1;
	if (sigaction(SIGSEGV, &sa, &old_segv) < 0) {
		sigaction(SIGBUS, &old_bus, NULL);
		return -1;
	}

	*mismatch = 0;
	sig = sigsetjmp(fault_jmp, 1);
	if (!sig) {
		barrier();
		if (fill)
			memset(p, val, len);
		p[0] = val;
		p[len - 1] = val;
		barrier();
		if (p[0] != val || p[len - 1] != val)
			*mismatch = 1;
		barrier();
	}

	if (sigaction(SIGBUS, &old_bus, NULL) < 0 ||
	    sigaction(SIGSEGV, &old_segv, NULL) < 0)
		return -1;
	return sig;
}

static inline const char *signame(int sig)
{
	switch (sig) {
	case SIGBUS:
		return "SIGBUS";
	case SIGSEGV:
		return "SIGSEGV";
	default:
		return "signal";
	}
}

/*
 * Mark the trace, if tracing is mounted, so that the kernel's objres and
 * devres events can be placed relative to this program's steps.
 */
static void trace_mark(const char *msg)
{
	int fd = open("/sys/kernel/tracing/trace_marker", O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, msg, strlen(msg)) < 0)
		ksft_perror("trace_marker");
	close(fd);
}

/* Unbind the driver of device @name by writing it to @path. */
static inline int unbind(const char *path, const char *name)
{
	size_t len = strlen(name);
	ssize_t n;
	int fd;

	trace_mark(PROG ": unbinding");

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fail("unbind", "open %s: %s: %s", path, errname(errno),
		     strerror(errno));
		return -1;
	}
	n = write(fd, name, len);
	if (n < 0) {
		fail("unbind", "write %s to %s: %s: %s", name, path,
		     errname(errno), strerror(errno));
		close(fd);
		return -1;
	}
	if ((size_t)n != len) {
		fail("unbind", "short write to %s: %zd of %zu", path, n, len);
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		fail("unbind", "close %s: %s: %s", path, errname(errno),
		     strerror(errno));
		return -1;
	}
	pass("unbind", "%s from %s", name, path);
	return 0;
}

#endif /* OBJRES_UNPLUG_H */
