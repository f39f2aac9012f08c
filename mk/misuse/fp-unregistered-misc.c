// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// A known false-positive shape: the miscdevice is never registered (the
// structure is shared with a variant of the hardware that has one), so no
// file can reach it. The rule matches types, not registrations, and
// reports it; a reviewer dismisses it.

#include <linux/miscdevice.h>
#include <linux/platform_device.h>

struct fx_ctl {
	struct miscdevice misc;
	bool has_node;
};

static int fx_ctl_probe(struct platform_device *pdev)
{
	struct fx_ctl *ctl;

	ctl = devm_kzalloc(&pdev->dev, sizeof(*ctl), GFP_KERNEL);
	if (!ctl)
		return -ENOMEM;
	platform_set_drvdata(pdev, ctl);
	return 0;
}
