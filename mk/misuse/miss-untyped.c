// SPDX-License-Identifier: GPL-2.0
// misuse: expect 0
//
// A known miss: the size comes from a variable and the result goes to a
// void pointer, so nothing in the allocation names the structure. The rule
// sees types only where the allocation states them.

#include <linux/cdev.h>
#include <linux/device.h>

struct fx_priv {
	struct cdev cdev;
};

struct fx_variant {
	size_t priv_size;
};

static int fx_probe(struct device *dev, const struct fx_variant *v)
{
	void *priv;

	priv = devm_kzalloc(dev, v->priv_size, GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	dev_set_drvdata(dev, priv);
	return 0;
}
