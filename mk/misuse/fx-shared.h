/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A structure defined in a header: every file that the rule is given sees
 * it, as bad-shared-header.c does.
 */
#ifndef FX_SHARED_H
#define FX_SHARED_H

#include <media/v4l2-subdev.h>

struct fx_flash {
	struct v4l2_subdev sd;
	struct v4l2_ctrl_handler ctrls;
};

#endif
