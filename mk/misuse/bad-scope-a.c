// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// A structure named as in good-scope-b.c, but embedding a miscdevice: a
// structure defined in a .c file is judged in that file only.

#include <linux/miscdevice.h>
#include <linux/platform_device.h>

struct fx_priv {
	struct miscdevice misc;
};

static int fx_a_probe(struct platform_device *pdev)
{
	struct fx_priv *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	return misc_register(&priv->misc);
}
