// SPDX-License-Identifier: GPL-2.0
// misuse: expect 0
//
// The managed alternatives the rule points at: the uapi object's own
// allocator, then drmm_ and v4l2m_ memory for what hangs off it.

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <media/v4l2-managed.h>

struct fx_drm {
	struct drm_device drm;
	struct drm_plane primary;
};

struct fx_out {
	struct drm_encoder encoder;
};

struct fx_vid {
	struct v4l2_device v4l2_dev;
	struct video_device vdev;
};

struct fx_ent {
	struct v4l2_subdev sd;
};

static int fx_probe(struct device *dev)
{
	struct fx_drm *fx;
	struct fx_out *out;
	struct fx_vid *vid;
	struct fx_ent *ent;

	fx = devm_drm_dev_alloc(dev, &fx_driver, struct fx_drm, drm);
	if (IS_ERR(fx))
		return PTR_ERR(fx);
	out = drmm_kzalloc(&fx->drm, sizeof(*out), GFP_KERNEL);
	vid = v4l2m_device_alloc(dev, struct fx_vid, v4l2_dev);
	if (!out || IS_ERR(vid))
		return -ENOMEM;
	ent = v4l2m_kzalloc(&vid->v4l2_dev, sizeof(*ent), GFP_KERNEL);
	return ent ? 0 : -ENOMEM;
}
