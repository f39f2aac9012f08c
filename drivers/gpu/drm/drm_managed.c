// SPDX-License-Identifier: GPL-2.0
/*
 * drmm_: resources managed by the lifetime of a &drm_device, on objres
 */

#include <linux/mutex.h>
#include <linux/objres.h>
#include <linux/slab.h>

#include <drm/drm_device.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "drm_internal.h"

/**
 * DOC: managed resources
 *
 * Managed resources are tied to the lifetime of a &drm_device, not to the
 * binding of the underlying &device: everything added with drmm_add_action(),
 * drmm_kmalloc() and related functions is released, newest first, at the final
 * drm_dev_put(). A &drm_device outlives its hardware while userspace still
 * holds open files, so software state that an open file can reach belongs
 * here; hardware resources belong to devres, which is released at unbind.
 *
 * The functions are safe to call concurrently and may also be used after
 * driver load, but managed resources suit state that rarely changes during
 * the lifetime of the &drm_device.
 *
 * The list, its locking, the ordering and the final kfree() of the driver
 * structure are implemented by objres (see Documentation/driver-api/objres.rst);
 * this file only types them on &drm_device.
 */

/* drmm_objres_*_action(): actions with DRM's callback type, without a cast. */
DEFINE_OBJRES_ACTIONS(drmm, struct drm_device, managed)

static void drmm_log(struct objres_head *head, const char *op,
		     const char *name, size_t size, struct objres_node *node)
{
	drm_dbg_drmres(drmm_objres_obj(head), "%s %s (%zu bytes)\n", op, name, size);
}

/* DMA-safe as 6.12's drmm_kmalloc(): drivers DMA into drmm_ memory. */
static const struct objres_owner drmm_owner = {
	.name = "drm",
	.log = drmm_log,
	.dma_safe = true,
};

void drm_managed_init(struct drm_device *dev)
{
	objres_head_init(&dev->managed, &drmm_owner);
}

void drm_managed_release(struct drm_device *dev)
{
	objres_release_all(&dev->managed);
}

void drmm_add_final_kfree(struct drm_device *dev, void *container)
{
	/* The container must hold all of @dev; objres warns on a second one. */
	WARN_ON((void *)dev < container ||
		(void *)(dev + 1) > container + ksize(container));
	objres_set_final_kfree(&dev->managed, container);
}

int __drmm_add_action(struct drm_device *dev,
		      drmres_release_t action,
		      void *data, const char *name)
{
	int ret;

	ret = drmm_objres_add_action(&dev->managed, action, data, name);
	if (ret)
		drm_dbg_drmres(dev, "failed to add action %s: %d\n", name, ret);
	return ret;
}
EXPORT_SYMBOL(__drmm_add_action);

int __drmm_add_action_or_reset(struct drm_device *dev,
			       drmres_release_t action,
			       void *data, const char *name)
{
	return drmm_objres_add_action_or_reset(&dev->managed, action, data, name);
}
EXPORT_SYMBOL(__drmm_add_action_or_reset);

/**
 * drmm_release_action - release a managed action from a &drm_device
 * @dev: DRM device
 * @action: function which would be called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * Calls @action(@dev, @data) now and removes it from the actions that run at
 * the final drm_dev_put(). Only an action added with exactly this @action and
 * @data matches, the newest if there are several; a missing one warns.
 */
void drmm_release_action(struct drm_device *dev,
			 drmres_release_t action,
			 void *data)
{
	WARN(drmm_objres_release_action(&dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL(drmm_release_action);

/**
 * drmm_remove_action - remove a managed action from a &drm_device
 * @dev: DRM device
 * @action: function which would be called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * As drmm_release_action(), but @action is not called: the caller takes
 * over whatever it would have cleaned up.
 */
void drmm_remove_action(struct drm_device *dev,
			drmres_release_t action,
			void *data)
{
	WARN(drmm_objres_remove_action(&dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL_GPL(drmm_remove_action);

/**
 * drmm_kmalloc - &drm_device managed kmalloc()
 * @dev: DRM device
 * @size: size of the memory allocation
 * @gfp: GFP allocation flags
 *
 * A &drm_device managed kmalloc(): the memory is freed at the final
 * drm_dev_put(), or earlier with drmm_kfree(). A @size of 0 returns
 * ZERO_SIZE_PTR. It comes from the NUMA node of the parent device.
 *
 * The memory may be used for DMA as kmalloc() memory may: it starts on an
 * ARCH_DMA_MINALIGN boundary of its slab object, and the list linkage that
 * objres writes while it is allocated lies ARCH_DMA_MINALIGN bytes or more
 * before it. It is also aligned to the largest power of two dividing @size,
 * up to a cache line.
 *
 * Returns: the memory, or NULL on failure.
 */
void *drmm_kmalloc(struct drm_device *dev, size_t size, gfp_t gfp)
{
	void *p;

	p = __objres_kmalloc_node(&dev->managed, size, gfp,
				  dev_to_node(dev->dev), _RET_IP_);
	if (!p)
		drm_dbg_drmres(dev, "failed to allocate %zu bytes, %u flags\n",
			       size, gfp);
	return p;
}
EXPORT_SYMBOL(drmm_kmalloc);

/**
 * drmm_krealloc - &drm_device managed krealloc()
 * @dev: DRM device
 * @p: memory from a ``drmm_`` allocator of @dev, or NULL
 * @new_size: the new size; 0 frees @p
 * @gfp: GFP allocation flags
 *
 * The contents up to the smaller size are kept and the memory keeps its place
 * in the release order. On failure @p is left untouched.
 *
 * Returns: the new memory, ZERO_SIZE_PTR for a @new_size of 0, or NULL.
 */
void *drmm_krealloc(struct drm_device *dev, void *p, size_t new_size,
		    gfp_t gfp)
{
	return objres_krealloc(&dev->managed, p, new_size, gfp);
}
EXPORT_SYMBOL_GPL(drmm_krealloc);

/**
 * drmm_kmemdup - &drm_device managed kmemdup()
 * @dev: DRM device
 * @src: memory to copy
 * @len: number of bytes to copy
 * @gfp: GFP allocation flags
 *
 * Returns: a copy freed at the final drm_dev_put(), or NULL.
 */
void *drmm_kmemdup(struct drm_device *dev, const void *src, size_t len,
		   gfp_t gfp)
{
	return objres_kmemdup(&dev->managed, src, len, gfp);
}
EXPORT_SYMBOL_GPL(drmm_kmemdup);

/**
 * drmm_kstrdup - &drm_device managed kstrdup()
 * @dev: DRM device
 * @s: 0-terminated string to be duplicated
 * @gfp: GFP allocation flags
 *
 * Returns: a copy of @s freed at the final drm_dev_put(), or NULL.
 */
char *drmm_kstrdup(struct drm_device *dev, const char *s, gfp_t gfp)
{
	return objres_kstrdup(&dev->managed, s, gfp);
}
EXPORT_SYMBOL_GPL(drmm_kstrdup);

/**
 * drmm_kfree - &drm_device managed kfree()
 * @dev: DRM device
 * @data: memory allocation to be freed, or NULL
 *
 * Frees memory from a ``drmm_`` allocator of @dev before the final
 * drm_dev_put().
 * Memory that @dev does not manage warns and is left alone.
 */
void drmm_kfree(struct drm_device *dev, void *data)
{
	objres_kfree(&dev->managed, data);
}
EXPORT_SYMBOL(drmm_kfree);

void __drmm_mutex_release(struct drm_device *dev, void *res)
{
	struct mutex *lock = res;

	mutex_destroy(lock);
}
EXPORT_SYMBOL(__drmm_mutex_release);
