// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// An I2C sensor whose subdev has a device node: an open /dev/v4l-subdevN
// keeps the subdev, and so the whole structure, in use after unbind.

#include <linux/i2c.h>
#include <media/v4l2-subdev.h>

struct fx_sensor {
	struct v4l2_subdev sd;
	struct media_pad pad;
	struct mutex lock; /* serialises the sensor, as a driver would */
};

static int fx_sensor_probe(struct i2c_client *client)
{
	struct fx_sensor *sensor;

	sensor = devm_kzalloc(&client->dev, sizeof(*sensor), GFP_KERNEL);
	if (!sensor)
		return -ENOMEM;

	v4l2_i2c_subdev_init(&sensor->sd, client, &fx_sensor_ops);
	sensor->sd.flags |= V4L2_SUBDEV_FL_HAS_DEVNODE;
	return v4l2_async_register_subdev_sensor(&sensor->sd);
}
