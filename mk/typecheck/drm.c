// SPDX-License-Identifier: GPL-2.0
/*
 * Wrong-owner calls to drmm_ functions: each case must fail to compile.
 * Case 0 is the control and must compile. Built by mk/typecheck.sh with
 * -DOBJRES_TYPECHECK_CASE=N against the kernel's own compiler flags.
 */
#include <drm/drm_device.h>
#include <drm/drm_managed.h>
#include <drm/drm_panel.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <media/v4l2-device.h>

void *objres_typecheck(struct drm_device *drm, struct drm_panel *panel,
		       struct device *dev, struct v4l2_device *v4l2_dev);

static void drm_typecheck_action(struct drm_device *drm, void *data)
{
}

static void generic_typecheck_action(void *data)
{
}

static struct mutex typecheck_lock;

void *objres_typecheck(struct drm_device *drm, struct drm_panel *panel,
		       struct device *dev, struct v4l2_device *v4l2_dev)
{
#if OBJRES_TYPECHECK_CASE == 0
	/* control: the right owner and callback type */
	if (drmm_add_action(drm, drm_typecheck_action, NULL) ||
	    drmm_mutex_init(drm, &typecheck_lock))
		return NULL;
	drmm_release_action(drm, drm_typecheck_action, NULL);
	return drmm_kzalloc(drm, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 1
	/* a panel is not a drm_device */
	return drmm_kzalloc(panel, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 2
	return drmm_add_action(panel, drm_typecheck_action, NULL) ? NULL : drm;
#elif OBJRES_TYPECHECK_CASE == 3
	/* the parent struct device is not a drm_device */
	return drmm_kmalloc(dev, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 4
	return drmm_mutex_init(dev, &typecheck_lock) ? NULL : drm;
#elif OBJRES_TYPECHECK_CASE == 5
	/* another subsystem's object */
	return drmm_kcalloc(v4l2_dev, 2, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 6
	drmm_kfree(v4l2_dev, drm);
	return NULL;
#elif OBJRES_TYPECHECK_CASE == 7
	/* a devm_/objres-style callback is not a drmres_release_t */
	return drmm_add_action(drm, generic_typecheck_action, NULL) ? NULL : drm;
#endif
}
