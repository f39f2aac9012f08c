// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// The structure comes from fx-shared.h: the rule reads the header's
// definitions before it judges the allocation.

#include <linux/i2c.h>
#include "fx-shared.h"

static int fx_flash_probe(struct i2c_client *client)
{
	struct fx_flash *flash;

	flash = devm_kzalloc(&client->dev, sizeof(*flash), GFP_KERNEL);
	if (!flash)
		return -ENOMEM;
	v4l2_i2c_subdev_init(&flash->sd, client, &fx_flash_ops);
	return v4l2_async_register_subdev(&flash->sd);
}
