// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for v4l2m_, resources released at the final v4l2_device_put().
 */

#include <kunit/device.h>
#include <kunit/test.h>

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kasan.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <media/media-device.h>
#include <media/media-devnode.h>
#include <media/v4l2-dev.h>
#include <media/v4l2-device.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-managed.h>

#define V4L2M_TEST_LOG		16
#define V4L2M_TEST_CANARY	0x5ca1ab1eUL
#define V4L2M_TEST_DEVM		50
#define V4L2M_TEST_DRV_RELEASE	100

struct v4l2m_test_priv {
	struct device *parent;
	/* what ran, in order; outlives every v4l2_device of the case */
	int log[V4L2M_TEST_LOG];
	unsigned int nlog;
	/* the container's address once it is gone, for the KASAN check */
	const void *freed;
	struct mutex lock; /* for v4l2m_mutex_init() */
};

/* A driver structure, as a real driver would have it. */
struct v4l2m_test_drv {
	struct v4l2_device v4l2_dev;
	struct video_device vdev;
	struct media_device mdev;
	struct v4l2m_test_priv *priv;
	unsigned long canary;
};

struct v4l2m_test_rec {
	struct v4l2m_test_priv *priv;
	int id;
};

static void v4l2m_test_note(struct v4l2m_test_priv *priv, int id)
{
	if (priv->nlog < V4L2M_TEST_LOG)
		priv->log[priv->nlog++] = id;
}

/* A v4l2m_ action: notes its id, or -1 if the driver structure is gone. */
static void v4l2m_test_record(struct v4l2_device *v4l2_dev, void *data)
{
	struct v4l2m_test_drv *drv = container_of(v4l2_dev,
						  struct v4l2m_test_drv,
						  v4l2_dev);
	struct v4l2m_test_rec *rec = data;

	/* A KASAN report, failing the case, if the container was freed. */
	v4l2m_test_note(rec->priv,
			drv->canary == V4L2M_TEST_CANARY ? rec->id : -1);
}

/* The same for a v4l2_device that is not in a struct v4l2m_test_drv. */
static void v4l2m_test_record_plain(struct v4l2_device *v4l2_dev, void *data)
{
	struct v4l2m_test_rec *rec = data;

	v4l2m_test_note(rec->priv, rec->id);
}

static void v4l2m_test_devm_record(void *data)
{
	v4l2m_test_note(data, V4L2M_TEST_DEVM);
}

/* The driver's release callback: notes it ran, or -1 if the structure died. */
static void v4l2m_test_drv_release(struct v4l2_device *v4l2_dev)
{
	struct v4l2m_test_drv *drv = container_of(v4l2_dev,
						  struct v4l2m_test_drv,
						  v4l2_dev);

	v4l2m_test_note(drv->priv, drv->canary == V4L2M_TEST_CANARY ?
				   V4L2M_TEST_DRV_RELEASE : -1);
}

static void v4l2m_test_expect_log(struct kunit *test, const int *expected,
				  unsigned int n)
{
	struct v4l2m_test_priv *priv = test->priv;

	KUNIT_ASSERT_EQ(test, priv->nlog, n);
	KUNIT_EXPECT_MEMEQ(test, priv->log, expected, n * sizeof(*expected));
}

/* The case provokes a WARN in @file on purpose (see mk/kunit-verdict.py). */
#define V4L2M_EXPECT_WARN(test, file)					\
	kunit_info(test, "expect WARN at %s\n", file)

#define V4L2M_EXPECT_LOG(test, ...)					\
	v4l2m_test_expect_log(test, (const int[]){ __VA_ARGS__ },	\
			      sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

static struct v4l2m_test_rec *v4l2m_test_rec(struct kunit *test, int id)
{
	struct v4l2m_test_rec *rec;

	rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->priv = test->priv;
	rec->id = id;
	return rec;
}

static void v4l2m_test_add(struct kunit *test, struct v4l2_device *v4l2_dev,
			   int id)
{
	int ret;

	ret = v4l2m_add_action(v4l2_dev, v4l2m_test_record,
			       v4l2m_test_rec(test, id));
	KUNIT_ASSERT_EQ(test, ret, 0);
}

/* Whether KASAN marks the first 64 bytes at @p freed. */
static bool v4l2m_test_poisoned(const void *p)
{
#ifdef CONFIG_KASAN_GENERIC
	const unsigned long *shadow = kasan_mem_to_shadow(p);

	return READ_ONCE_NOCHECK(*shadow) != 0;
#else
	return false;
#endif
}

static int v4l2m_test_querycap(struct file *file, void *fh,
			       struct v4l2_capability *cap)
{
	strscpy(cap->driver, "v4l2m-test", sizeof(cap->driver));
	strscpy(cap->card, "v4l2m-test", sizeof(cap->card));
	return 0;
}

static const struct v4l2_ioctl_ops v4l2m_test_ioctl_ops = {
	.vidioc_querycap = v4l2m_test_querycap,
};

static const struct v4l2_file_operations v4l2m_test_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = video_ioctl2,
};

static int v4l2m_test_register_vdev(struct kunit *test,
				    struct v4l2m_test_drv *drv)
{
	struct video_device *vdev = &drv->vdev;

	strscpy(vdev->name, "v4l2m-test", sizeof(vdev->name));
	vdev->v4l2_dev = &drv->v4l2_dev;
	vdev->fops = &v4l2m_test_fops;
	vdev->ioctl_ops = &v4l2m_test_ioctl_ops;
	vdev->device_caps = V4L2_CAP_VIDEO_CAPTURE;
	/* Embedded in the managed container, which outlives the node. */
	vdev->release = video_device_release_empty;
	return video_register_device(vdev, VFL_TYPE_VIDEO, -1);
}

/* A managed driver structure on the case's parent device. */
static struct v4l2m_test_drv *v4l2m_test_alloc(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;

	drv = v4l2m_device_alloc(priv->parent, struct v4l2m_test_drv, v4l2_dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, drv);
	drv->priv = priv;
	drv->canary = V4L2M_TEST_CANARY;
	return drv;
}

/* Unbind the parent: devm_ resources go, and the initial reference. */
static void v4l2m_test_unbind(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;

	kunit_device_unregister(test, priv->parent);
	priv->parent = NULL;
}

static int v4l2m_test_init(struct kunit *test)
{
	struct v4l2m_test_priv *priv;

	priv = kunit_kzalloc(test, sizeof(*priv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, priv);
	priv->parent = kunit_device_register(test, "v4l2m-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, priv->parent);
	test->priv = priv;
	return 0;
}

/*
 * The hot-unplug timeline: a file keeps the video node open while the
 * driver unbinds. devm_ resources go at unbind; v4l2m_ resources only at
 * the last close, newest first, and the container after them.
 */
static void v4l2_managed_test_unplug_while_open(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	int ret;

	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	KUNIT_ASSERT_NOT_NULL(test, v4l2m_kzalloc(&drv->v4l2_dev, 64,
						  GFP_KERNEL));
	v4l2m_test_add(test, &drv->v4l2_dev, 2);
	ret = devm_add_action_or_reset(priv->parent, v4l2m_test_devm_record,
				       priv);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* What an open() of /dev/videoN holds. */
	get_device(&drv->vdev.dev);

	/* The driver's remove, then the parent goes away. */
	video_unregister_device(&drv->vdev);
	v4l2_device_unregister(&drv->v4l2_dev);
	v4l2m_test_unbind(test);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DEVM);
	KUNIT_EXPECT_FALSE(test, v4l2m_test_poisoned(drv));

	/* The last close. */
	priv->freed = drv;
	put_device(&drv->vdev.dev);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DEVM, 2, 1);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/* Without an open file the final put comes with the unbind. */
static void v4l2_managed_test_release_at_unbind(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	int i;

	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	for (i = 1; i <= 3; i++) {
		v4l2m_test_add(test, &drv->v4l2_dev, i);
		KUNIT_ASSERT_NOT_NULL(test, v4l2m_kmalloc(&drv->v4l2_dev, 8 * i,
							  GFP_KERNEL));
	}

	video_unregister_device(&drv->vdev);
	v4l2m_test_unbind(test);
	V4L2M_EXPECT_LOG(test, 3, 2, 1);
}

/*
 * A managed structure: v4l2m_ resources go first, newest first, then the
 * driver's release callback, which still sees the structure, then the
 * structure itself.
 */
static void v4l2_managed_test_release_order_managed(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);

	drv->v4l2_dev.release = v4l2m_test_drv_release;
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	v4l2m_test_add(test, &drv->v4l2_dev, 2);

	v4l2_device_get(&drv->v4l2_dev);
	v4l2m_test_unbind(test);
	KUNIT_EXPECT_EQ(test, priv->nlog, 0);

	priv->freed = drv;
	v4l2_device_put(&drv->v4l2_dev);
	V4L2M_EXPECT_LOG(test, 2, 1, V4L2M_TEST_DRV_RELEASE);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/* A driver structure that the driver allocates itself, with v4l2m_. */
typedef void (*v4l2m_test_release_t)(struct v4l2_device *v4l2_dev);

static struct v4l2m_test_drv *
v4l2m_test_alloc_unmanaged(struct kunit *test, v4l2m_test_release_t release)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;

	drv = kzalloc(sizeof(*drv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	drv->priv = priv;
	drv->canary = V4L2M_TEST_CANARY;
	if (v4l2_device_register(priv->parent, &drv->v4l2_dev)) {
		kfree(drv);
		KUNIT_FAIL_AND_ABORT(test, "v4l2_device_register() failed\n");
	}
	drv->v4l2_dev.release = release;
	return drv;
}

/* The release callback of a driver that frees its own structure. */
static void v4l2m_test_kfree_release(struct v4l2_device *v4l2_dev)
{
	struct v4l2m_test_drv *drv = container_of(v4l2_dev,
						  struct v4l2m_test_drv,
						  v4l2_dev);

	v4l2m_test_note(drv->priv, V4L2M_TEST_DRV_RELEASE);
	kfree(drv);
}

/*
 * A driver whose release callback frees its structure (usbtv, pwc, airspy
 * and gspca do): the v4l2m_ resources must be gone before, since nothing
 * may touch the structure, objres' head included, after the callback.
 */
static void v4l2_managed_test_release_order_driver_frees(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;

	drv = v4l2m_test_alloc_unmanaged(test, v4l2m_test_kfree_release);
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	KUNIT_ASSERT_NOT_NULL(test, v4l2m_kzalloc(&drv->v4l2_dev, 40,
						  GFP_KERNEL));
	v4l2m_test_add(test, &drv->v4l2_dev, 2);

	v4l2_device_unregister(&drv->v4l2_dev);
	priv->freed = drv;
	/* The final put: a KASAN report if anything follows the callback. */
	v4l2_device_put(&drv->v4l2_dev);
	V4L2M_EXPECT_LOG(test, 2, 1, V4L2M_TEST_DRV_RELEASE);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/*
 * The same driver when every v4l2m_ resource was freed early: its head
 * may still own a debugfs file (CONFIG_OBJRES_DEBUG), which must go
 * before the callback frees the structure.
 */
static void v4l2_managed_test_release_order_freed_idle(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;
	void *p;

	drv = v4l2m_test_alloc_unmanaged(test, v4l2m_test_kfree_release);
	p = v4l2m_kzalloc(&drv->v4l2_dev, 40, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
	/* The head's debugfs file exists now. */
	if (test_bit(0, &drv->v4l2_dev.managed.debugfs_queued))
		flush_work(&drv->v4l2_dev.managed.debugfs_work);
#endif
	v4l2m_kfree(&drv->v4l2_dev, p);
	KUNIT_EXPECT_EQ(test, objres_count(&drv->v4l2_dev.managed), 0);

	v4l2_device_unregister(&drv->v4l2_dev);
	priv->freed = drv;
	v4l2_device_put(&drv->v4l2_dev);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DRV_RELEASE);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/*
 * A v4l2_device whose memory outlives it (static storage, or memory of the
 * test here) and whose release callback frees nothing: resources first,
 * then the callback, and the memory is left alone.
 */
static void v4l2_managed_test_release_order_static(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;

	drv = kunit_kzalloc(test, sizeof(*drv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	drv->priv = priv;
	drv->canary = V4L2M_TEST_CANARY;
	KUNIT_ASSERT_EQ(test, v4l2_device_register(priv->parent,
						   &drv->v4l2_dev), 0);
	drv->v4l2_dev.release = v4l2m_test_drv_release;
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	v4l2m_test_add(test, &drv->v4l2_dev, 2);

	v4l2_device_unregister(&drv->v4l2_dev);
	v4l2_device_put(&drv->v4l2_dev);
	V4L2M_EXPECT_LOG(test, 2, 1, V4L2M_TEST_DRV_RELEASE);
	KUNIT_EXPECT_FALSE(test, v4l2m_test_poisoned(drv));
	KUNIT_EXPECT_EQ(test, drv->canary, V4L2M_TEST_CANARY);
}

/*
 * A driver that allocates its structure itself and frees it in its release
 * callback, using no v4l2m_: unchanged. A touch of the structure after the
 * callback would be a KASAN report; its nodes still do not put.
 */
static void v4l2_managed_test_unmanaged_unchanged(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;
	struct v4l2_device *plain;

	drv = kzalloc(sizeof(*drv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	drv->priv = priv;
	KUNIT_ASSERT_EQ(test, v4l2_device_register(priv->parent,
						   &drv->v4l2_dev), 0);
	KUNIT_EXPECT_FALSE(test, v4l2_device_is_managed(&drv->v4l2_dev));

	/* No release callback: the node's release does not put (as before). */
	plain = &drv->v4l2_dev;
	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&plain->ref), 2);
	video_unregister_device(&drv->vdev);
	KUNIT_EXPECT_EQ(test, kref_read(&plain->ref), 2);

	v4l2_device_unregister(plain);
	kfree(drv);
}

static void v4l2_managed_test_unmanaged_release_frees(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv;

	drv = kzalloc(sizeof(*drv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	drv->priv = priv;
	KUNIT_ASSERT_EQ(test, v4l2_device_register(priv->parent,
						   &drv->v4l2_dev), 0);
	drv->v4l2_dev.release = v4l2m_test_kfree_release;

	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	video_unregister_device(&drv->vdev);
	v4l2_device_unregister(&drv->v4l2_dev);
	/* The final put: the driver frees; v4l2-core must not look again. */
	v4l2_device_put(&drv->v4l2_dev);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DRV_RELEASE);
}

static void v4l2_managed_test_or_reset_refused(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2_device *v4l2_dev;
	int ret;

	V4L2M_EXPECT_WARN(test, "drivers/media/v4l2-core/v4l2-managed.c");
	v4l2_dev = kunit_kzalloc(test, sizeof(*v4l2_dev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v4l2_dev);
	KUNIT_ASSERT_EQ(test, v4l2_device_register(priv->parent, v4l2_dev), 0);

	/*
	 * Misuse: no release callback and no managed container, so no final
	 * put would ever release anything. Refused loudly; or_reset runs the
	 * action at once; nothing is linked.
	 */
	ret = v4l2m_add_action_or_reset(v4l2_dev, v4l2m_test_record_plain,
					v4l2m_test_rec(test, 7));
	KUNIT_EXPECT_EQ(test, ret, -ENODEV);
	V4L2M_EXPECT_LOG(test, 7);
	KUNIT_EXPECT_NULL(test, v4l2m_kzalloc(v4l2_dev, 8, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_count(&v4l2_dev->managed), 0);

	v4l2_device_unregister(v4l2_dev);
}

static void v4l2_managed_test_release_remove_action(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct v4l2m_test_rec *a = v4l2m_test_rec(test, 1);
	struct v4l2m_test_rec *b = v4l2m_test_rec(test, 2);
	int ret;

	ret = v4l2m_add_action(&drv->v4l2_dev, v4l2m_test_record, a);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = v4l2m_add_action(&drv->v4l2_dev, v4l2m_test_record, b);
	KUNIT_ASSERT_EQ(test, ret, 0);
	v4l2m_test_add(test, &drv->v4l2_dev, 3);

	v4l2m_release_action(&drv->v4l2_dev, v4l2m_test_record, a);
	V4L2M_EXPECT_LOG(test, 1);
	v4l2m_remove_action(&drv->v4l2_dev, v4l2m_test_record, b);
	V4L2M_EXPECT_LOG(test, 1);

	v4l2m_test_unbind(test);
	V4L2M_EXPECT_LOG(test, 1, 3);
}

static void v4l2_managed_test_allocators(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct v4l2_device *v4l2_dev = &drv->v4l2_dev;
	static const u8 bytes[] = { 1, 2, 3, 4 };
	u32 *array;
	u8 *copy;
	char *s;

	array = v4l2m_kcalloc(v4l2_dev, 8, sizeof(*array), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, array);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(array, 0, 8 * sizeof(*array)));
	array = v4l2m_kmalloc_array(v4l2_dev, 2, sizeof(*array), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, array);
	array[1] = 1;
	KUNIT_EXPECT_NULL(test, v4l2m_kmalloc_array(v4l2_dev, SIZE_MAX / 2, 4,
						    GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, v4l2m_kcalloc(v4l2_dev, 2, SIZE_MAX / 2,
					      GFP_KERNEL));

	s = v4l2m_kstrdup(v4l2_dev, "vimc", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "vimc");
	copy = v4l2m_kmemdup(v4l2_dev, bytes, sizeof(bytes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_EQ(test, memcmp(copy, bytes, sizeof(bytes)), 0);
	KUNIT_EXPECT_EQ(test, objres_count(&v4l2_dev->managed), 4);
}

static void v4l2_managed_test_kfree(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct v4l2_device *v4l2_dev = &drv->v4l2_dev;
	u8 *p, *plain;

	p = v4l2m_kmalloc(v4l2_dev, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(&v4l2_dev->managed), 1);
	v4l2m_kfree(v4l2_dev, p);
	KUNIT_EXPECT_EQ(test, objres_count(&v4l2_dev->managed), 0);

	/* Misuse: memory the device does not manage warns, stays allocated. */
	V4L2M_EXPECT_WARN(test, "drivers/base/objres.c");
	plain = kunit_kmalloc(test, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	memset(plain, 0x42, 32);
	v4l2m_kfree(v4l2_dev, plain);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x42, 32));
	KUNIT_EXPECT_EQ(test, objres_count(&v4l2_dev->managed), 0);
}

static void v4l2_managed_test_mutex_init(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);

	KUNIT_ASSERT_EQ(test, v4l2m_mutex_init(&drv->v4l2_dev, &priv->lock), 0);
	mutex_lock(&priv->lock);
	mutex_unlock(&priv->lock);

#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/* Named after the caller's expression, as mutex_init() names it. */
	KUNIT_EXPECT_STREQ(test, priv->lock.dep_map.name, "&priv->lock");
#endif

	v4l2m_test_unbind(test);
#ifdef CONFIG_DEBUG_MUTEXES
	/* mutex_destroy() clears the debug magic. */
	KUNIT_EXPECT_NULL(test, priv->lock.magic);
#else
	kunit_skip(test, "mutex_destroy() is observable with CONFIG_DEBUG_MUTEXES");
#endif
}

/* A structure too large for kmalloc: the allocation genuinely fails. */
struct v4l2m_test_huge {
	struct v4l2_device v4l2_dev;
	u8 payload[KMALLOC_MAX_SIZE];
};

static void v4l2_managed_test_device_alloc_failures(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	unsigned int refs = kref_read(&priv->parent->kobj.kref);
	struct v4l2m_test_huge *huge;
	struct v4l2m_test_drv *drv;

	V4L2M_EXPECT_WARN(test, "drivers/media/v4l2-core/v4l2-managed.c");
	drv = v4l2m_device_alloc(NULL, struct v4l2m_test_drv, v4l2_dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(drv), -EINVAL);

	/* Beyond what the page allocator ever gives: it warns. */
	V4L2M_EXPECT_WARN(test, "mm/page_alloc.c");
	huge = v4l2m_device_alloc(priv->parent, struct v4l2m_test_huge,
				  v4l2_dev);
	KUNIT_EXPECT_EQ(test, PTR_ERR(huge), -ENOMEM);

	/* Nothing registered on the parent, no reference taken. */
	KUNIT_EXPECT_EQ(test, kref_read(&priv->parent->kobj.kref), refs);
}

#ifdef CONFIG_MEDIA_CONTROLLER
/*
 * A file of /dev/mediaN, opened and closed through the node's own fops:
 * what chrdev_open() and the last fput() run, less the cdev reference.
 */
struct v4l2m_test_mfile {
	struct inode inode;
	struct file file;
	const struct file_operations *fops;
};

/* An ioctl no media device knows: it reaches mc-device.c only if allowed. */
#define V4L2M_TEST_MEDIA_IOC	_IO('|', 0xff)

static struct v4l2m_test_mfile *v4l2m_test_media_open(struct kunit *test,
						      struct media_device *mdev)
{
	struct v4l2m_test_mfile *mf;

	mf = kunit_kzalloc(test, sizeof(*mf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mf);
	KUNIT_ASSERT_TRUE(test, media_devnode_is_registered(mdev->devnode));
	mf->inode.i_cdev = &mdev->devnode->cdev;
	mf->fops = mdev->devnode->cdev.ops;
	KUNIT_ASSERT_EQ(test, mf->fops->open(&mf->inode, &mf->file), 0);
	return mf;
}

static long v4l2m_test_media_ioctl(struct v4l2m_test_mfile *mf)
{
	return mf->fops->unlocked_ioctl(&mf->file, V4L2M_TEST_MEDIA_IOC, 0);
}

/*
 * MEDIA_IOC_DEVICE_INFO into user memory, as a program would call it: it
 * reads the media device, and its driver's name while it is bound.
 */
static long v4l2m_test_media_info(struct kunit *test,
				  struct v4l2m_test_mfile *mf,
				  struct media_device_info *info)
{
	unsigned long uaddr;
	long ret;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, uaddr, 0, "no user memory");
	ret = mf->fops->unlocked_ioctl(&mf->file, MEDIA_IOC_DEVICE_INFO, uaddr);
	KUNIT_ASSERT_EQ(test, copy_from_user(info, (void __user *)uaddr,
					     sizeof(*info)), 0);
	return ret;
}

static void v4l2m_test_media_close(struct v4l2m_test_mfile *mf)
{
	mf->fops->release(&mf->inode, &mf->file);
}

static void v4l2m_test_mdev_cleanup(struct v4l2_device *v4l2_dev, void *mdev)
{
	media_device_cleanup(mdev);
}

/* The media device of @drv, in @drv, registered after its video node. */
static void v4l2m_test_register_media(struct kunit *test,
				      struct v4l2m_test_drv *drv)
{
	struct media_device *mdev = &drv->mdev;
	int ret;

	mdev->dev = drv->v4l2_dev.dev;
	strscpy(mdev->model, "v4l2m-test", sizeof(mdev->model));
	media_device_init(mdev);
	drv->v4l2_dev.mdev = mdev;
	if (v4l2_device_is_managed(&drv->v4l2_dev)) {
		ret = v4l2m_add_action_or_reset(&drv->v4l2_dev,
						v4l2m_test_mdev_cleanup, mdev);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	KUNIT_ASSERT_EQ(test, media_device_register(mdev), 0);
}

/*
 * /dev/mediaN held open across the unbind of a managed driver: the node
 * keeps the container, and so the media device, alive; its ioctls fail
 * with -EIO after unbind instead of running on freed memory; devm_
 * resources go at unbind, v4l2m_ resources and then the container at the
 * last close.
 */
static void v4l2_managed_test_media_open_across_unbind(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct media_device_info info;
	struct v4l2m_test_mfile *mf;
	int ret;

	v4l2m_test_register_media(test, drv);
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	ret = devm_add_action_or_reset(priv->parent, v4l2m_test_devm_record,
				       priv);
	KUNIT_ASSERT_EQ(test, ret, 0);

	mf = v4l2m_test_media_open(test, &drv->mdev);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_ioctl(mf), -ENOIOCTLCMD);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_info(test, mf, &info), 0);
	KUNIT_EXPECT_STREQ(test, info.model, "v4l2m-test");

	/* The driver's remove, then the unbind drops the initial reference. */
	video_unregister_device(&drv->vdev);
	media_device_unregister(&drv->mdev);
	v4l2_device_unregister(&drv->v4l2_dev);
	v4l2m_test_unbind(test);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DEVM);
	KUNIT_EXPECT_EQ(test, kref_read(&drv->v4l2_dev.ref), 1);
	KUNIT_EXPECT_FALSE(test, v4l2m_test_poisoned(drv));
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_ioctl(mf), -EIO);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_info(test, mf, &info), -EIO);

	/* The last close of the media node is the final put. */
	priv->freed = drv;
	v4l2m_test_media_close(mf);
	V4L2M_EXPECT_LOG(test, V4L2M_TEST_DEVM, 1);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/* Both a video and the media node open: the later close frees, either way. */
static void v4l2_managed_test_media_and_video_open(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct v4l2m_test_mfile *mf;

	v4l2m_test_register_media(test, drv);
	v4l2m_test_add(test, &drv->v4l2_dev, 1);
	mf = v4l2m_test_media_open(test, &drv->mdev);
	get_device(&drv->vdev.dev);

	video_unregister_device(&drv->vdev);
	media_device_unregister(&drv->mdev);
	v4l2_device_unregister(&drv->v4l2_dev);
	v4l2m_test_unbind(test);
	KUNIT_EXPECT_EQ(test, kref_read(&drv->v4l2_dev.ref), 2);

	v4l2m_test_media_close(mf);
	KUNIT_EXPECT_EQ(test, priv->nlog, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&drv->v4l2_dev.ref), 1);

	priv->freed = drv;
	put_device(&drv->vdev.dev);
	V4L2M_EXPECT_LOG(test, 1);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

/* Without v4l2m_device_alloc(), an open media node pins nothing (6.12). */
static void v4l2_managed_test_media_unmanaged_unchanged(struct kunit *test)
{
	struct v4l2m_test_drv *drv;
	struct v4l2m_test_mfile *mf;
	unsigned int refs;

	drv = v4l2m_test_alloc_unmanaged(test, v4l2m_test_kfree_release);
	v4l2m_test_register_media(test, drv);
	refs = kref_read(&drv->v4l2_dev.ref);

	mf = v4l2m_test_media_open(test, &drv->mdev);
	KUNIT_EXPECT_EQ(test, kref_read(&drv->v4l2_dev.ref), refs);
	KUNIT_EXPECT_NULL(test, drv->mdev.owner_ref);
	KUNIT_EXPECT_NULL(test, drv->mdev.devnode->owner_ref);

	video_unregister_device(&drv->vdev);
	media_device_unregister(&drv->mdev);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_ioctl(mf), -EIO);
	v4l2_device_unregister(&drv->v4l2_dev);
	media_device_cleanup(&drv->mdev);
	v4l2_device_put(&drv->v4l2_dev);
	/* The structure is gone; the node's close must not reach it. */
	v4l2m_test_media_close(mf);
}

/* A media device registered before the owner is known is pinned then. */
static void v4l2_managed_test_media_owner_after_register(struct kunit *test)
{
	struct v4l2m_test_priv *priv = test->priv;
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct media_device *mdev = &drv->mdev;
	unsigned int refs;
	int ret;

	mdev->dev = drv->v4l2_dev.dev;
	strscpy(mdev->model, "v4l2m-test", sizeof(mdev->model));
	media_device_init(mdev);
	ret = v4l2m_add_action_or_reset(&drv->v4l2_dev,
					v4l2m_test_mdev_cleanup, mdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, media_device_register(mdev), 0);
	refs = kref_read(&drv->v4l2_dev.ref);

	/* The first node the v4l2 core sees with the media device pins. */
	drv->v4l2_dev.mdev = mdev;
	KUNIT_ASSERT_EQ(test, v4l2m_test_register_vdev(test, drv), 0);
	KUNIT_EXPECT_PTR_EQ(test, mdev->devnode->owner_ref,
			    &drv->v4l2_dev.ref);
	/* One for the video node, one for the media node. */
	KUNIT_EXPECT_EQ(test, kref_read(&drv->v4l2_dev.ref), refs + 2);

	video_unregister_device(&drv->vdev);
	media_device_unregister(mdev);
	v4l2_device_unregister(&drv->v4l2_dev);
	priv->freed = drv;
	v4l2m_test_unbind(test);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(priv->freed));
}

struct v4l2m_test_unregister {
	struct media_device *mdev;
	struct completion done;
};

static int v4l2m_test_unregister_fn(void *data)
{
	struct v4l2m_test_unregister *u = data;

	media_device_unregister(u->mdev);
	complete(&u->done);
	return 0;
}

/*
 * Unregistering a node with an owner waits for the ioctls in flight (held
 * here as an ioctl holds them), so that none outlives the driver's binding.
 */
static void v4l2_managed_test_media_unregister_waits(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct v4l2m_test_unregister u = { .mdev = &drv->mdev };
	struct media_devnode *devnode;
	struct task_struct *task;
	unsigned int ms;

	v4l2m_test_register_media(test, drv);
	devnode = drv->mdev.devnode;
	KUNIT_ASSERT_PTR_EQ(test, devnode->owner_ref, &drv->v4l2_dev.ref);
	video_unregister_device(&drv->vdev);
	init_completion(&u.done);

	/* An ioctl in flight; the node must not go under it. */
	get_device(&devnode->dev);
	down_read(&devnode->ioctl_lock);
	task = kthread_run(v4l2m_test_unregister_fn, &u, "v4l2m-unregister");
	if (IS_ERR(task)) {
		up_read(&devnode->ioctl_lock);
		put_device(&devnode->dev);
		KUNIT_FAIL_AND_ABORT(test, "kthread_run() failed\n");
	}
	/* The other thread runs on its own: wait until it waits, 5 s at most. */
	for (ms = 0; ms < 5000 && !rwsem_is_contended(&devnode->ioctl_lock) &&
	     !completion_done(&u.done); ms++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_TRUE(test, rwsem_is_contended(&devnode->ioctl_lock));
	KUNIT_EXPECT_FALSE(test, completion_done(&u.done));
	KUNIT_EXPECT_FALSE(test, media_devnode_is_registered(devnode));

	up_read(&devnode->ioctl_lock);
	wait_for_completion(&u.done);
	KUNIT_EXPECT_NULL(test, drv->mdev.devnode);
	put_device(&devnode->dev);
	v4l2_device_unregister(&drv->v4l2_dev);
}

/* Without an owner, unregistering does not wait for ioctls (as 6.12). */
static void v4l2_managed_test_media_unowned_no_wait(struct kunit *test)
{
	struct media_devnode *devnode;
	struct v4l2m_test_drv *drv;

	drv = v4l2m_test_alloc_unmanaged(test, v4l2m_test_kfree_release);
	v4l2m_test_register_media(test, drv);
	devnode = drv->mdev.devnode;
	video_unregister_device(&drv->vdev);

	get_device(&devnode->dev);
	down_read(&devnode->ioctl_lock);
	/* It would never return if it waited. */
	media_device_unregister(&drv->mdev);
	KUNIT_EXPECT_FALSE(test, media_devnode_is_registered(devnode));
	up_read(&devnode->ioctl_lock);
	put_device(&devnode->dev);

	v4l2_device_unregister(&drv->v4l2_dev);
	media_device_cleanup(&drv->mdev);
	v4l2_device_put(&drv->v4l2_dev);
}

static void v4l2m_test_kref_noop(struct kref *ref)
{
}

/* A media device has one owner: another one is refused, loudly. */
static void v4l2_managed_test_media_second_owner_refused(struct kunit *test)
{
	struct v4l2m_test_drv *drv = v4l2m_test_alloc(test);
	struct kref other;

	kref_init(&other);
	v4l2m_test_register_media(test, drv);

	V4L2M_EXPECT_WARN(test, "drivers/media/mc/mc-devnode.c");
	media_device_set_owner(&drv->mdev, &other, v4l2m_test_kref_noop);
	KUNIT_EXPECT_PTR_EQ(test, drv->mdev.owner_ref, &drv->v4l2_dev.ref);
	KUNIT_EXPECT_PTR_EQ(test, drv->mdev.devnode->owner_ref,
			    &drv->v4l2_dev.ref);
	KUNIT_EXPECT_EQ(test, kref_read(&other), 1);

	video_unregister_device(&drv->vdev);
	media_device_unregister(&drv->mdev);
	v4l2_device_unregister(&drv->v4l2_dev);
}
#endif /* CONFIG_MEDIA_CONTROLLER */

static int v4l2m_test_match_video(struct device *dev, void *data)
{
	return dev->class && !strcmp(dev->class->name, "video4linux") &&
	       !strncmp(dev_name(dev), "video", 5);
}

/*
 * vimc's platform device, bound, and one of its video nodes: both with a
 * reference the caller puts. Skips unless vimc is built in.
 */
static struct device *v4l2m_test_vimc(struct kunit *test,
				      struct device **node)
{
	struct device *pdev;

	if (!IS_BUILTIN(CONFIG_VIDEO_VIMC))
		kunit_skip(test, "needs CONFIG_VIDEO_VIMC=y");

	pdev = bus_find_device_by_name(&platform_bus_type, NULL, "vimc.0");
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	if (!pdev->driver) {
		put_device(pdev);
		KUNIT_FAIL_AND_ABORT(test, "vimc did not probe\n");
	}
	*node = device_find_child(pdev, NULL, v4l2m_test_match_video);
	if (!*node) {
		put_device(pdev);
		KUNIT_FAIL_AND_ABORT(test, "vimc has no video node\n");
	}
	return pdev;
}

/*
 * vimc, the driver converted to v4l2m_, unbound while one of its video
 * nodes is held as an open file holds it: remove() must leave everything
 * the node reaches alive until that reference goes (KASAN watches), then
 * vimc binds again.
 */
static void v4l2_managed_test_vimc_unbind_while_open(struct kunit *test)
{
	struct video_device *vdev;
	struct device *pdev, *node;

	pdev = v4l2m_test_vimc(test, &node);
	vdev = to_video_device(node);

	device_release_driver(pdev);
	KUNIT_EXPECT_NULL(test, pdev->driver);
	KUNIT_EXPECT_FALSE(test, video_is_registered(vdev));
	/* Only the held node keeps the v4l2_device, and vimc's state, alive. */
	KUNIT_EXPECT_EQ(test, kref_read(&vdev->v4l2_dev->ref), 1);
	KUNIT_EXPECT_TRUE(test, v4l2_device_is_managed(vdev->v4l2_dev));

	/* The last close: vimc's v4l2m_ resources go now. */
	put_device(node);

	KUNIT_EXPECT_EQ(test, device_attach(pdev), 1);
	KUNIT_EXPECT_NOT_NULL(test, pdev->driver);
	put_device(pdev);
}

#ifdef CONFIG_MEDIA_CONTROLLER
/*
 * vimc unbound while its /dev/mediaN, and nothing else, is held open: the
 * media node alone keeps vimc's state alive, its ioctls fail cleanly, and
 * its last close releases everything before vimc binds again.
 */
static void v4l2_managed_test_vimc_media_open_across_unbind(struct kunit *test)
{
	struct media_device_info info;
	struct v4l2m_test_mfile *mf;
	struct v4l2_device *v4l2_dev;
	struct device *pdev, *node;

	pdev = v4l2m_test_vimc(test, &node);
	v4l2_dev = to_video_device(node)->v4l2_dev;
	put_device(node);
	KUNIT_ASSERT_NOT_NULL(test, v4l2_dev->mdev);

	mf = v4l2m_test_media_open(test, v4l2_dev->mdev);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_info(test, mf, &info), 0);
	KUNIT_EXPECT_STREQ(test, info.driver, "vimc");

	device_release_driver(pdev);
	KUNIT_EXPECT_NULL(test, pdev->driver);
	KUNIT_EXPECT_EQ(test, kref_read(&v4l2_dev->ref), 1);
	KUNIT_EXPECT_EQ(test, v4l2m_test_media_info(test, mf, &info), -EIO);

	/* The last close: vimc's v4l2m_ resources and its state go now. */
	v4l2m_test_media_close(mf);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, v4l2m_test_poisoned(v4l2_dev));

	KUNIT_EXPECT_EQ(test, device_attach(pdev), 1);
	KUNIT_EXPECT_NOT_NULL(test, pdev->driver);
	put_device(pdev);
}
#endif /* CONFIG_MEDIA_CONTROLLER */

static struct kunit_case v4l2_managed_test_cases[] = {
	KUNIT_CASE(v4l2_managed_test_unplug_while_open),
	KUNIT_CASE(v4l2_managed_test_release_at_unbind),
	KUNIT_CASE(v4l2_managed_test_release_order_managed),
	KUNIT_CASE(v4l2_managed_test_release_order_driver_frees),
	KUNIT_CASE(v4l2_managed_test_release_order_freed_idle),
	KUNIT_CASE(v4l2_managed_test_release_order_static),
	KUNIT_CASE(v4l2_managed_test_unmanaged_unchanged),
	KUNIT_CASE(v4l2_managed_test_unmanaged_release_frees),
	KUNIT_CASE(v4l2_managed_test_or_reset_refused),
	KUNIT_CASE(v4l2_managed_test_release_remove_action),
	KUNIT_CASE(v4l2_managed_test_allocators),
	KUNIT_CASE(v4l2_managed_test_kfree),
	KUNIT_CASE(v4l2_managed_test_mutex_init),
	KUNIT_CASE(v4l2_managed_test_device_alloc_failures),
	KUNIT_CASE(v4l2_managed_test_vimc_unbind_while_open),
#ifdef CONFIG_MEDIA_CONTROLLER
	KUNIT_CASE(v4l2_managed_test_media_open_across_unbind),
	KUNIT_CASE(v4l2_managed_test_media_and_video_open),
	KUNIT_CASE(v4l2_managed_test_media_unmanaged_unchanged),
	KUNIT_CASE(v4l2_managed_test_media_owner_after_register),
	KUNIT_CASE(v4l2_managed_test_media_unregister_waits),
	KUNIT_CASE(v4l2_managed_test_media_unowned_no_wait),
	KUNIT_CASE(v4l2_managed_test_media_second_owner_refused),
	KUNIT_CASE(v4l2_managed_test_vimc_media_open_across_unbind),
#endif
	{}
};

static struct kunit_suite v4l2_managed_test_suite = {
	.name = "v4l2_managed",
	.init = v4l2m_test_init,
	.test_cases = v4l2_managed_test_cases,
};

kunit_test_suite(v4l2_managed_test_suite);

MODULE_DESCRIPTION("KUnit tests for v4l2m_ managed resources");
MODULE_LICENSE("GPL");
