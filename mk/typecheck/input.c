// SPDX-License-Identifier: GPL-2.0
/*
 * Wrong-owner calls to inputm_ functions: each case must fail to compile.
 * Case 0 is the control and must compile. Built by mk/typecheck.sh with
 * -DOBJRES_TYPECHECK_CASE=N against the kernel's own compiler flags.
 */
#include <drm/drm_device.h>
#include <linux/device.h>
#include <linux/input.h>
#include <linux/input-managed.h>
#include <linux/mutex.h>
#include <media/v4l2-device.h>

void *objres_typecheck(struct input_dev *input, struct input_handle *handle,
		       struct v4l2_device *v4l2_dev, struct drm_device *drm,
		       struct device *dev);

static void input_typecheck_action(struct input_dev *input, void *data)
{
}

static void generic_typecheck_action(void *data)
{
}

static struct mutex typecheck_lock;

void *objres_typecheck(struct input_dev *input, struct input_handle *handle,
		       struct v4l2_device *v4l2_dev, struct drm_device *drm,
		       struct device *dev)
{
#if OBJRES_TYPECHECK_CASE == 0
	/* control: the right owner and callback type */
	if (inputm_add_action(input, input_typecheck_action, NULL) ||
	    inputm_mutex_init(input, &typecheck_lock))
		return NULL;
	inputm_release_action(input, input_typecheck_action, NULL);
	inputm_kfree(input, inputm_kstrdup(input, "name", GFP_KERNEL));
	return inputm_kzalloc(input, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 1
	/* the input_dev's struct device is not the input_dev */
	return inputm_kzalloc(&input->dev, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 2
	/* nor is its parent, the device the driver binds to */
	return inputm_add_action(dev, input_typecheck_action, NULL) ? NULL : dev;
#elif OBJRES_TYPECHECK_CASE == 3
	/* a handle refers to an input_dev but is not one */
	return inputm_kstrdup(handle, "name", GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 4
	/* other subsystems' objects */
	return inputm_kmalloc(drm, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 5
	inputm_kfree(v4l2_dev, input);
	return NULL;
#elif OBJRES_TYPECHECK_CASE == 6
	return inputm_mutex_init(dev, &typecheck_lock) ? NULL : dev;
#elif OBJRES_TYPECHECK_CASE == 7
	return inputm_kcalloc(v4l2_dev, 2, 8, GFP_KERNEL);
#elif OBJRES_TYPECHECK_CASE == 8
	/* a devm_/objres-style callback is not an inputm_release_t */
	return inputm_add_action(input, generic_typecheck_action, NULL) ?
	       NULL : dev;
#elif OBJRES_TYPECHECK_CASE == 9
	/* a v4l2m_ action on an input_dev */
	return inputm_add_action_or_reset(input, (void (*)(struct v4l2_device *,
				void *))NULL, NULL) ? NULL : dev;
#endif
}
