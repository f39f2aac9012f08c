// SPDX-License-Identifier: GPL-2.0
// misuse: expect 2
//
// A cdev in a typedef'd structure, found through sizeof(*p) and through
// the type of the left-hand side of a devm_kmemdup().

#include <linux/cdev.h>
#include <linux/device.h>

typedef struct {
	struct cdev cdev;
	int open_count;
} fx_chan_t;

static const fx_chan_t fx_chan_template;

static int fx_setup(struct device *dev)
{
	fx_chan_t *a, *b;

	a = devm_kzalloc(dev, sizeof(*a), GFP_KERNEL);
	b = devm_kmemdup(dev, &fx_chan_template, fx_chan_len, GFP_KERNEL);
	if (!a || !b)
		return -ENOMEM;
	cdev_init(&a->cdev, &fx_fops);
	cdev_init(&b->cdev, &fx_fops);
	return 0;
}
