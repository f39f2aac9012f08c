// SPDX-License-Identifier: GPL-2.0
// misuse: expect 2
//
// The DRM form: modeset objects live until the drm_device is released, so
// a bridge and an array of connectors must not be devm_ memory, whether
// sized with struct_size() or devm_kcalloc().

#include <drm/drm_bridge.h>
#include <drm/drm_connector.h>

struct fx_bridge {
	struct drm_bridge bridge;
	unsigned int num_lanes;
	u32 lanes[];
};

struct fx_output {
	struct drm_connector connector;
	int id;
};

static int fx_bridge_probe(struct device *dev, unsigned int n)
{
	struct fx_bridge *ctx;
	struct fx_output *out;

	ctx = devm_kzalloc(dev, struct_size(ctx, lanes, n), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	out = devm_kcalloc(dev, n, sizeof(*out), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	drm_bridge_add(&ctx->bridge);
	return 0;
}
