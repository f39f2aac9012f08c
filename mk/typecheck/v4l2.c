// SPDX-License-Identifier: GPL-2.0
/*
 * Wrong-owner calls to v4l2m_ functions: each case must fail to compile.
 * Case 0 is the control and must compile. Built by mk/typecheck.sh with
 * -DOBJRES_TYPECHECK_CASE=N against the kernel's own compiler flags.
 */
#include <drm/drm_device.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <media/v4l2-dev.h>
#include <media/v4l2-device.h>
#include <media/v4l2-managed.h>

struct typecheck_drv {
	struct v4l2_device v4l2_dev;
	struct video_device vdev;
};

void *objres_typecheck(struct v4l2_device *v4l2_dev, struct video_device *vdev,
		       struct drm_device *drm, struct device *dev);

static void v4l2_typecheck_action(struct v4l2_device *v4l2_dev, void *data)
{
}

static void generic_typecheck_action(void *data)
{
}

static struct mutex typecheck_lock;

void *objres_typecheck(struct v4l2_device *v4l2_dev, struct video_device *vdev,
		       struct drm_device *drm, struct device *dev)
{
#if OBJRES_TYPECHECK_CASE == 0
	/* control: the right owner and callback type */
	struct typecheck_drv *drv;

	if (v4l2m_add_action(v4l2_dev, v4l2_typecheck_action, NULL) ||
	    v4l2m_mutex_init(v4l2_dev, &typecheck_lock))
		return NULL;
	v4l2m_release_action(v4l2_dev, v4l2_typecheck_action, NULL);
	drv = v4l2m_device_alloc(dev, struct typecheck_drv, v4l2_dev);
	return IS_ERR(drv) ? NULL : v4l2m_kzalloc(&drv->v4l2_dev, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 1
	/* a video node is not its v4l2_device */
	return v4l2m_kzalloc(vdev, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 2
	return v4l2m_add_action(vdev, v4l2_typecheck_action, NULL) ? NULL : vdev;
#elif OBJRES_TYPECHECK_CASE == 3
	/* another subsystem's object */
	return v4l2m_kmalloc(drm, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 4
	v4l2m_kfree(drm, vdev);
	return NULL;
#elif OBJRES_TYPECHECK_CASE == 5
	/* the parent struct device is not a v4l2_device */
	return v4l2m_kcalloc(dev, 2, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 6
	return v4l2m_mutex_init(dev, &typecheck_lock) ? NULL : dev;
#elif OBJRES_TYPECHECK_CASE == 7
	/* a devm_/objres-style callback is not a v4l2m_release_t */
	return v4l2m_add_action(v4l2_dev, generic_typecheck_action, NULL) ?
	       NULL : dev;
#endif
}
