// SPDX-License-Identifier: GPL-2.0
/*
 * v4l2m_: resources managed by the lifetime of a struct v4l2_device
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/objres.h>
#include <linux/slab.h>

#include <media/v4l2-device.h>
#include <media/v4l2-managed.h>

/**
 * DOC: overview
 *
 * A &struct v4l2_device is refcounted: every registered video and subdev
 * node holds a reference until its last file handle is closed, which can be
 * long after the driver was unbound. State that those file handles reach must
 * live until the final v4l2_device_put(), and ``devm_`` allocations, freed
 * at unbind, do not. At that final put, ``v4l2m_`` resources are released
 * first, newest first; then the driver's &v4l2_device.release callback runs;
 * then the structure from v4l2m_device_alloc(), if any, is freed. The order
 * suits every kind of driver: a release callback may free the structure
 * that embeds the &v4l2_device (nothing touches it afterwards), a
 * &v4l2_device in static storage is left alone, and a managed structure
 * outlives both its resources and the callback.
 *
 * v4l2m_device_alloc() allocates the driver structure that embeds the
 * &v4l2_device and frees it last. A driver that allocates the structure
 * itself must set &v4l2_device.release to use ``v4l2m_`` resources.
 *
 * The media device of a v4l2m_device_alloc() device (&v4l2_device.mdev,
 * embedded in the container, initialised and set before the first video or
 * subdev node is registered) is tied to the same lifetime: its device node
 * holds a reference on the &v4l2_device until its last close (see
 * media_device_set_owner()), and unregistering it, from remove() as vimc
 * does, waits for the ioctls in flight, which fail with -EIO from then on.
 * The container is freed at the last close of any of its nodes, video,
 * subdev or media. Other drivers keep 6.12's rules: an open media node pins
 * only the node itself.
 *
 * ``v4l2m_`` memory is for software state: it is aligned as kmalloc()
 * memory of the same size (up to a cache line), but objres' header shares
 * its first cache line, so it must not be mapped for DMA on a bus that is
 * not cache coherent. Buffers for the device belong to the DMA API,
 * videobuf2 or devm_kmalloc().
 *
 * The list, its locking, the ordering and the final kfree() are objres (see
 * Documentation/driver-api/objres.rst); this file only types them on
 * &v4l2_device.
 */

/* v4l2m_objres_*_action(): actions with V4L2's callback type, without casts. */
DEFINE_OBJRES_ACTIONS(v4l2m, struct v4l2_device, managed)

static const struct objres_owner v4l2m_owner = {
	.name = "v4l2",
};

void v4l2_managed_init(struct v4l2_device *v4l2_dev)
{
	objres_head_init(&v4l2_dev->managed, &v4l2m_owner);
}

void *v4l2_managed_release(struct v4l2_device *v4l2_dev)
{
	return objres_release_resources(&v4l2_dev->managed);
}

/*
 * Without a final put nothing added here would ever be released: the video
 * nodes of a v4l2_device with neither a release callback nor a managed
 * container do not hold references (see v4l2-dev.c).
 */
static struct objres_head *v4l2m_head(struct v4l2_device *v4l2_dev)
{
	if (WARN_ON_ONCE(!v4l2_dev->release && !v4l2_device_is_managed(v4l2_dev)))
		return NULL;
	return &v4l2_dev->managed;
}

/**
 * __v4l2m_add_action - add a managed release action to a &v4l2_device
 * @v4l2_dev: V4L2 device
 * @action: function called when @v4l2_dev is released
 * @data: opaque pointer, passed to @action
 * @name: what debug output calls the action
 *
 * The worker behind v4l2m_add_action(), which passes the name of @action.
 *
 * Context: Process context.
 * Return: 0, -ENOMEM, or -ENODEV if @v4l2_dev has no final put or was
 * released already.
 */
int __v4l2m_add_action(struct v4l2_device *v4l2_dev, v4l2m_release_t action,
		       void *data, const char *name)
{
	if (!v4l2m_head(v4l2_dev))
		return -ENODEV;
	return v4l2m_objres_add_action(&v4l2_dev->managed, action, data, name);
}
EXPORT_SYMBOL_GPL(__v4l2m_add_action);

/**
 * __v4l2m_add_action_or_reset - add a managed release action, or run it now
 * @v4l2_dev: V4L2 device
 * @action: function called when @v4l2_dev is released
 * @data: opaque pointer, passed to @action
 * @name: what debug output calls the action
 *
 * The worker behind v4l2m_add_action_or_reset().
 *
 * Context: Process context.
 * Return: 0, or the error of __v4l2m_add_action() after @action ran.
 */
int __v4l2m_add_action_or_reset(struct v4l2_device *v4l2_dev,
				v4l2m_release_t action, void *data,
				const char *name)
{
	if (!v4l2m_head(v4l2_dev)) {
		action(v4l2_dev, data);
		return -ENODEV;
	}
	return v4l2m_objres_add_action_or_reset(&v4l2_dev->managed, action,
						data, name);
}
EXPORT_SYMBOL_GPL(__v4l2m_add_action_or_reset);

/**
 * v4l2m_release_action - run a managed release action now
 * @v4l2_dev: V4L2 device
 * @action: the action's function
 * @data: the action's data
 *
 * Runs and removes the newest action added with exactly @action and @data;
 * it does not run again at the final v4l2_device_put(). A missing action
 * warns.
 *
 * Context: Process context.
 */
void v4l2m_release_action(struct v4l2_device *v4l2_dev,
			  v4l2m_release_t action, void *data)
{
	WARN(v4l2m_objres_release_action(&v4l2_dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL_GPL(v4l2m_release_action);

/**
 * v4l2m_remove_action - remove a managed release action without running it
 * @v4l2_dev: V4L2 device
 * @action: the action's function
 * @data: the action's data
 *
 * As v4l2m_release_action(), but @action does not run: the caller takes
 * over what it would have released.
 *
 * Context: Process context.
 */
void v4l2m_remove_action(struct v4l2_device *v4l2_dev,
			 v4l2m_release_t action, void *data)
{
	WARN(v4l2m_objres_remove_action(&v4l2_dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL_GPL(v4l2m_remove_action);

/**
 * v4l2m_kmalloc - &v4l2_device managed kmalloc()
 * @v4l2_dev: V4L2 device
 * @size: bytes to allocate
 * @gfp: GFP allocation flags
 *
 * The memory is freed at the final v4l2_device_put(), or earlier with
 * v4l2m_kfree(). It comes from the NUMA node of &v4l2_device.dev and is
 * not for DMA (see the overview). A @size of 0 returns ZERO_SIZE_PTR.
 *
 * Context: As @gfp allows.
 * Return: the memory, or NULL.
 */
void *v4l2m_kmalloc(struct v4l2_device *v4l2_dev, size_t size, gfp_t gfp)
{
	struct objres_head *head = v4l2m_head(v4l2_dev);
	int node = v4l2_dev->dev ? dev_to_node(v4l2_dev->dev) : NUMA_NO_NODE;

	if (!head)
		return NULL;
	return __objres_kmalloc_node(head, size, gfp, node, _RET_IP_);
}
EXPORT_SYMBOL_GPL(v4l2m_kmalloc);

/**
 * v4l2m_kmemdup - &v4l2_device managed kmemdup()
 * @v4l2_dev: V4L2 device
 * @src: memory to copy
 * @len: bytes to copy
 * @gfp: GFP allocation flags
 *
 * Context: As @gfp allows.
 * Return: a copy freed at the final v4l2_device_put(), or NULL.
 */
void *v4l2m_kmemdup(struct v4l2_device *v4l2_dev, const void *src,
		    size_t len, gfp_t gfp)
{
	struct objres_head *head = v4l2m_head(v4l2_dev);

	return head ? objres_kmemdup(head, src, len, gfp) : NULL;
}
EXPORT_SYMBOL_GPL(v4l2m_kmemdup);

/**
 * v4l2m_kstrdup - &v4l2_device managed kstrdup()
 * @v4l2_dev: V4L2 device
 * @s: the string to copy
 * @gfp: GFP allocation flags
 *
 * Context: As @gfp allows.
 * Return: a copy freed at the final v4l2_device_put(), or NULL.
 */
char *v4l2m_kstrdup(struct v4l2_device *v4l2_dev, const char *s, gfp_t gfp)
{
	struct objres_head *head = v4l2m_head(v4l2_dev);

	return head ? objres_kstrdup(head, s, gfp) : NULL;
}
EXPORT_SYMBOL_GPL(v4l2m_kstrdup);

/**
 * v4l2m_kfree - &v4l2_device managed kfree()
 * @v4l2_dev: V4L2 device
 * @p: memory from a ``v4l2m_`` allocator of @v4l2_dev, or NULL
 *
 * Frees the memory before the final v4l2_device_put(). Memory that
 * @v4l2_dev does not manage warns and is left alone.
 *
 * Context: Any context.
 */
void v4l2m_kfree(struct v4l2_device *v4l2_dev, const void *p)
{
	objres_kfree(&v4l2_dev->managed, p);
}
EXPORT_SYMBOL_GPL(v4l2m_kfree);

/* The action behind v4l2m_mutex_init(). */
void __v4l2m_mutex_release(struct v4l2_device *v4l2_dev, void *lock)
{
	mutex_destroy(lock);
}
EXPORT_SYMBOL_GPL(__v4l2m_mutex_release);

static void v4l2m_device_unbind(void *data)
{
	struct v4l2_device *v4l2_dev = data;

	/* Idempotent: the driver may have unregistered in its remove. */
	v4l2_device_unregister(v4l2_dev);
	v4l2_device_put(v4l2_dev);
}

/**
 * __v4l2m_device_alloc - allocate and register a managed &v4l2_device
 * @parent: the parent device
 * @size: size of the driver structure
 * @offset: offset of the &struct v4l2_device in it
 *
 * The worker behind v4l2m_device_alloc().
 *
 * Context: Process context, usually the driver's probe.
 * Return: the driver structure, or an ERR_PTR().
 */
void *__v4l2m_device_alloc(struct device *parent, size_t size, size_t offset)
{
	struct v4l2_device *v4l2_dev;
	void *container;
	int ret;

	if (WARN_ON(!parent || offset + sizeof(*v4l2_dev) > size))
		return ERR_PTR(-EINVAL);

	container = kzalloc(size, GFP_KERNEL);
	if (!container)
		return ERR_PTR(-ENOMEM);
	v4l2_dev = container + offset;

	ret = v4l2_device_register(parent, v4l2_dev);
	if (ret) {
		kfree(container);
		return ERR_PTR(ret);
	}
	objres_set_final_kfree(&v4l2_dev->managed, container);

	/* On failure this drops the initial reference: frees everything. */
	ret = devm_add_action_or_reset(parent, v4l2m_device_unbind, v4l2_dev);
	if (ret)
		return ERR_PTR(ret);

	return container;
}
EXPORT_SYMBOL_GPL(__v4l2m_device_alloc);
