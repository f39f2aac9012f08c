// SPDX-License-Identifier: GPL-2.0
// misuse: expect 0
//
// Only pointers to the uapi objects: video_device_alloc() gives the node a
// lifetime of its own, and the devm_ state holds nothing userspace reaches
// through it.

#include <linux/platform_device.h>
#include <media/v4l2-dev.h>

struct fx_regs {
	void __iomem *base;
	struct clk *clk;
};

struct fx_cam {
	struct video_device *vdev;
	struct fx_regs *regs;
};

static int fx_cam_probe(struct platform_device *pdev)
{
	struct fx_cam *cam;
	struct fx_regs *regs;

	cam = devm_kzalloc(&pdev->dev, sizeof(*cam), GFP_KERNEL);
	regs = devm_kzalloc(&pdev->dev, sizeof(struct fx_regs), GFP_KERNEL);
	if (!cam || !regs)
		return -ENOMEM;
	cam->regs = regs;
	cam->vdev = video_device_alloc();
	return cam->vdev ? 0 : -ENOMEM;
}
