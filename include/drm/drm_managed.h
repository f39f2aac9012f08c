/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _DRM_MANAGED_H_
#define _DRM_MANAGED_H_

#include <linux/gfp.h>
#include <linux/lockdep_types.h>
#include <linux/overflow.h>
#include <linux/types.h>

struct drm_device;
struct mutex;

typedef void (*drmres_release_t)(struct drm_device *dev, void *res);

/**
 * drmm_add_action - add a managed release action to a &drm_device
 * @dev: DRM device
 * @action: function which should be called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * @action(@dev, @data) runs at the final drm_dev_put() of @dev, in reverse
 * order of adding, unless it was released or removed before.
 *
 * Returns: 0 on success, or a negative errno code otherwise.
 */
#define drmm_add_action(dev, action, data) \
	__drmm_add_action(dev, action, data, #action)

int __must_check __drmm_add_action(struct drm_device *dev,
				   drmres_release_t action,
				   void *data, const char *name);

/**
 * drmm_add_action_or_reset - add a managed release action to a &drm_device
 * @dev: DRM device
 * @action: function which should be called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * As drmm_add_action(), but if adding fails @action is called at once, so
 * that the caller has nothing left to clean up.
 *
 * Returns: 0 on success, or a negative errno code otherwise.
 */
#define drmm_add_action_or_reset(dev, action, data) \
	__drmm_add_action_or_reset(dev, action, data, #action)

int __must_check __drmm_add_action_or_reset(struct drm_device *dev,
					    drmres_release_t action,
					    void *data, const char *name);

void drmm_release_action(struct drm_device *dev,
			 drmres_release_t action,
			 void *data);
void drmm_remove_action(struct drm_device *dev,
			drmres_release_t action,
			void *data);

void *drmm_kmalloc(struct drm_device *dev, size_t size, gfp_t gfp)
	__malloc __alloc_size(2);
void *drmm_krealloc(struct drm_device *dev, void *p, size_t new_size,
		    gfp_t gfp) __must_check __realloc_size(3);
void *drmm_kmemdup(struct drm_device *dev, const void *src, size_t len,
		   gfp_t gfp) __realloc_size(3);

/**
 * drmm_kzalloc - &drm_device managed kzalloc()
 * @dev: DRM device
 * @size: size of the memory allocation
 * @gfp: GFP allocation flags
 *
 * As drmm_kmalloc(), with the memory zeroed.
 *
 * Returns: the memory, or NULL on failure.
 */
static inline __alloc_size(2) void *drmm_kzalloc(struct drm_device *dev,
						 size_t size, gfp_t gfp)
{
	return drmm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

/**
 * drmm_kmalloc_array - &drm_device managed kmalloc_array()
 * @dev: DRM device
 * @n: number of array elements to allocate
 * @size: size of array member
 * @flags: GFP allocation flags
 *
 * As drmm_kmalloc() for @n elements of @size bytes.
 *
 * Returns: the memory, or NULL on failure or if @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
drmm_kmalloc_array(struct drm_device *dev, size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;

	return drmm_kmalloc(dev, bytes, flags);
}

/**
 * drmm_kcalloc - &drm_device managed kcalloc()
 * @dev: DRM device
 * @n: number of array elements to allocate
 * @size: size of array member
 * @flags: GFP allocation flags
 *
 * As drmm_kmalloc_array(), with the memory zeroed.
 *
 * Returns: the memory, or NULL on failure or if @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
drmm_kcalloc(struct drm_device *dev, size_t n, size_t size, gfp_t flags)
{
	return drmm_kmalloc_array(dev, n, size, flags | __GFP_ZERO);
}

char *drmm_kstrdup(struct drm_device *dev, const char *s, gfp_t gfp) __malloc;

void drmm_kfree(struct drm_device *dev, void *data);

void __drmm_mutex_release(struct drm_device *dev, void *res);

/**
 * drmm_mutex_init - &drm_device-managed mutex_init()
 * @dev: DRM device
 * @lock: lock to be initialized
 *
 * A macro, so that lockdep gets a lock class per call site, named after
 * @lock as mutex_init() names it, and @lock is evaluated once. The mutex is
 * destroyed at the final drm_dev_put().
 *
 * Returns: 0 on success, or a negative errno code otherwise.
 */
#define drmm_mutex_init(dev, lock) ({					\
	static struct lock_class_key __key;				\
	struct mutex *__drmm_lock = (lock);				\
									\
	__mutex_init(__drmm_lock, #lock, &__key);			\
	drmm_add_action_or_reset(dev, __drmm_mutex_release, __drmm_lock); \
})

#endif
