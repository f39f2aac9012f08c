// SPDX-License-Identifier: GPL-2.0
// misuse: expect 1
//
// A sound card with a radio tuner: snd_devm_card_new() frees the private
// data at unbind once the sound files are closed, but the radio's
// video_device may still be open.

#include <linux/pci.h>
#include <media/drv-intf/tea575x.h>
#include <sound/core.h>

struct fx_chip {
	struct snd_card *card;
	struct v4l2_device v4l2_dev;
	struct snd_tea575x tea;
};

static int fx_card_probe(struct pci_dev *pci)
{
	struct snd_card *card;
	struct fx_chip *chip;
	int err;

	err = snd_devm_card_new(&pci->dev, -1, NULL, THIS_MODULE,
				sizeof(*chip), &card);
	if (err < 0)
		return err;
	chip = card->private_data;
	chip->tea.v4l2_dev = &chip->v4l2_dev;
	return snd_tea575x_init(&chip->tea, THIS_MODULE);
}
