/* SPDX-License-Identifier: GPL-2.0 */
/*
 * v4l2m_: resources managed by the lifetime of a struct v4l2_device
 */
#ifndef _MEDIA_V4L2_MANAGED_H
#define _MEDIA_V4L2_MANAGED_H

#include <linux/compiler.h>
#include <linux/gfp_types.h>
#include <linux/lockdep_types.h>
#include <linux/overflow.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct device;
struct mutex;
struct v4l2_device;

/**
 * typedef v4l2m_release_t - a ``v4l2m_`` release action
 * @v4l2_dev: the V4L2 device being released
 * @data: the pointer given when the action was added
 */
typedef void (*v4l2m_release_t)(struct v4l2_device *v4l2_dev, void *data);

int __must_check __v4l2m_add_action(struct v4l2_device *v4l2_dev,
				    v4l2m_release_t action, void *data,
				    const char *name);
int __must_check __v4l2m_add_action_or_reset(struct v4l2_device *v4l2_dev,
					     v4l2m_release_t action,
					     void *data, const char *name);

/**
 * v4l2m_add_action - add a managed release action to a &v4l2_device
 * @v4l2_dev: V4L2 device
 * @action: function called when @v4l2_dev is released
 * @data: opaque pointer, passed to @action
 *
 * @action(@v4l2_dev, @data) runs at the final v4l2_device_put(), after the
 * last file handle of every video node of @v4l2_dev is closed, in reverse
 * order of adding, unless it was released or removed before.
 *
 * Return: 0 on success, or a negative errno code.
 */
#define v4l2m_add_action(v4l2_dev, action, data) \
	__v4l2m_add_action(v4l2_dev, action, data, #action)

/**
 * v4l2m_add_action_or_reset - add a managed release action, or run it now
 * @v4l2_dev: V4L2 device
 * @action: function called when @v4l2_dev is released
 * @data: opaque pointer, passed to @action
 *
 * As v4l2m_add_action(), but if adding fails @action runs at once.
 *
 * Return: 0 on success, or a negative errno code.
 */
#define v4l2m_add_action_or_reset(v4l2_dev, action, data) \
	__v4l2m_add_action_or_reset(v4l2_dev, action, data, #action)

void v4l2m_release_action(struct v4l2_device *v4l2_dev,
			  v4l2m_release_t action, void *data);
void v4l2m_remove_action(struct v4l2_device *v4l2_dev,
			 v4l2m_release_t action, void *data);

void *v4l2m_kmalloc(struct v4l2_device *v4l2_dev, size_t size, gfp_t gfp)
	__malloc __alloc_size(2);
void *v4l2m_kmemdup(struct v4l2_device *v4l2_dev, const void *src,
		    size_t len, gfp_t gfp) __realloc_size(3);
char *v4l2m_kstrdup(struct v4l2_device *v4l2_dev, const char *s, gfp_t gfp)
	__malloc;
void v4l2m_kfree(struct v4l2_device *v4l2_dev, const void *p);

/**
 * v4l2m_kzalloc - &v4l2_device managed kzalloc()
 * @v4l2_dev: V4L2 device
 * @size: bytes to allocate
 * @gfp: GFP allocation flags
 *
 * Return: zeroed memory freed at the final v4l2_device_put(), or NULL.
 */
static inline __alloc_size(2) void *
v4l2m_kzalloc(struct v4l2_device *v4l2_dev, size_t size, gfp_t gfp)
{
	return v4l2m_kmalloc(v4l2_dev, size, gfp | __GFP_ZERO);
}

/**
 * v4l2m_kmalloc_array - &v4l2_device managed kmalloc_array()
 * @v4l2_dev: V4L2 device
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP allocation flags
 *
 * Return: memory freed at the final v4l2_device_put(), or NULL, also when
 * @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
v4l2m_kmalloc_array(struct v4l2_device *v4l2_dev, size_t n, size_t size,
		    gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return v4l2m_kmalloc(v4l2_dev, bytes, gfp);
}

/**
 * v4l2m_kcalloc - &v4l2_device managed kcalloc()
 * @v4l2_dev: V4L2 device
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP allocation flags
 *
 * Return: zeroed memory freed at the final v4l2_device_put(), or NULL, also
 * when @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
v4l2m_kcalloc(struct v4l2_device *v4l2_dev, size_t n, size_t size, gfp_t gfp)
{
	return v4l2m_kmalloc_array(v4l2_dev, n, size, gfp | __GFP_ZERO);
}

void __v4l2m_mutex_release(struct v4l2_device *v4l2_dev, void *lock);

/**
 * v4l2m_mutex_init - &v4l2_device managed mutex_init()
 * @v4l2_dev: V4L2 device
 * @lock: the mutex to initialise
 *
 * A macro, so that lockdep gets one lock class per call site, named after
 * @lock as mutex_init() names it, and @lock is evaluated once. The mutex is
 * destroyed at the final v4l2_device_put().
 *
 * Return: 0 on success, or a negative errno code.
 */
#define v4l2m_mutex_init(v4l2_dev, lock) ({				\
	static struct lock_class_key __key;				\
	struct mutex *__v4l2m_lock = (lock);				\
									\
	__mutex_init(__v4l2m_lock, #lock, &__key);			\
	v4l2m_add_action_or_reset(v4l2_dev, __v4l2m_mutex_release,	\
				  __v4l2m_lock);			\
})

void *__v4l2m_device_alloc(struct device *parent, size_t size,
			   size_t offset);

/**
 * v4l2m_device_alloc - allocate and register a managed &v4l2_device
 * @parent: the parent device, usually the one the driver binds to
 * @type: the driver structure that embeds a &struct v4l2_device
 * @member: the &struct v4l2_device in @type
 *
 * Allocates a zeroed @type and registers its &v4l2_device on @parent. The
 * device is unregistered and its initial reference dropped when @parent is
 * unbound (after the driver's remove); the whole @type is freed at the final
 * v4l2_device_put(), after every ``v4l2m_`` resource and the driver's
 * &v4l2_device.release, if any.
 *
 * Return: the new structure, or an ERR_PTR().
 */
#define v4l2m_device_alloc(parent, type, member)			\
	((type *)__v4l2m_device_alloc(parent, sizeof(type),		\
				      offsetof(type, member)))

/* For v4l2-core only: the head's lifecycle, from v4l2-device.c. */
void v4l2_managed_init(struct v4l2_device *v4l2_dev);
void *v4l2_managed_release(struct v4l2_device *v4l2_dev);
/* ... and the media device's owner, once the core sees it (v4l2-device.c). */
void v4l2_managed_link_media(struct v4l2_device *v4l2_dev);

#endif /* _MEDIA_V4L2_MANAGED_H */
