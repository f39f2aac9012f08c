// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// A miscdevice two structures deep, allocated by sizeof(type): read() on
// an open file reaches the freed structure after unbind.

#include <linux/miscdevice.h>
#include <linux/platform_device.h>

struct fx_node {
	struct miscdevice misc;
	wait_queue_head_t wait;
};

struct fx_dev {
	void __iomem *base;
	struct fx_node node;
};

static int fx_probe(struct platform_device *pdev)
{
	struct fx_dev *fx = devm_kzalloc(&pdev->dev, sizeof(struct fx_dev),
					 GFP_KERNEL);

	if (!fx)
		return -ENOMEM;
	fx->node.misc.minor = MISC_DYNAMIC_MINOR;
	fx->node.misc.name = "fx";
	fx->node.misc.fops = &fx_fops;
	return misc_register(&fx->node.misc);
}
