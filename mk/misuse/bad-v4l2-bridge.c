// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// A V4L2 bridge driver holding its v4l2_device, media_device and an array
// of video_devices by value: every open /dev/videoN reaches them.

#include <linux/platform_device.h>
#include <media/media-device.h>
#include <media/v4l2-device.h>

struct fx_capture {
	struct v4l2_device v4l2_dev;
	struct media_device mdev;
	struct video_device vdev[4];
};

static int fx_capture_probe(struct platform_device *pdev)
{
	struct fx_capture *cap;

	cap = devm_kzalloc(&pdev->dev, sizeof(*cap), GFP_KERNEL);
	if (!cap)
		return -ENOMEM;
	return v4l2_device_register(&pdev->dev, &cap->v4l2_dev);
}
