// SPDX-License-Identifier: GPL-2.0
// misuse: expect 0
//
// The same structure name as in bad-scope-a.c, for plain hardware state:
// a structure defined in another .c file does not count here.

#include <linux/platform_device.h>

struct fx_priv {
	void __iomem *base;
};

static int fx_b_probe(struct platform_device *pdev)
{
	struct fx_priv *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->base = devm_platform_ioremap_resource(pdev, 0);
	return PTR_ERR_OR_ZERO(priv->base);
}
