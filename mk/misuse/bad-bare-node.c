// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// The node itself in devm_ memory: the video_device outlives unbind for as
// long as its file is open, whatever its release() does.

#include <linux/platform_device.h>
#include <media/v4l2-dev.h>

static int fx_dec_register(struct platform_device *pdev)
{
	struct video_device *vdev;

	vdev = devm_kzalloc(&pdev->dev, sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	vdev->release = video_device_release_empty;
	return video_register_device(vdev, VFL_TYPE_VIDEO, -1);
}
