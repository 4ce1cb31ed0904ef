/*
** usb.h - the USB stick watcher: is a stick in, where is it, and offering the admin screens
** when one is put in.
**
** app.c calls usb_step() from its loop; the import and export screens call usb_stick() each
** frame. See usb.c for what counts as a stick. Depends on app.h; no SDL calls of its own.
*/
#ifndef SD_USB_H
#define SD_USB_H

#include <stddef.h>
#include <stdint.h>

#define USB_DEFAULT_DIR "/media/shadowday"
#define USB_POLL_MS 1000            /* how often the mount folder is looked at */

struct app;

/* Watch dir (NULL: USB_DEFAULT_DIR). A stick already in at this moment is not offered. */
void usb_init(const char *dir);
/* Look at the mount folder now; 1 when a stick came or went since the last look. */
int usb_poll(void);
/* The root folder of the stick that is in (the first by name when several are), or NULL. */
const char *usb_stick(void);
/* The folder being watched. */
const char *usb_dir(void);

/*
** The loop's hook, at most every USB_POLL_MS: look for a stick and, when one was put in, offer
** the admin screen at Start (the PIN pad, never a shadow's screen; on a kiosk without any pack
** yet, the import screen) or tell the coordinator on the admin menu. Screens showing the stick are redrawn when it comes or goes.
*/
void usb_step(struct app *app);
/* Whether the kiosk never had a day pack: it has no admin PIN yet, so its first pack is
** imported without one. */
int usb_first_pack(struct app *app);
/* Milliseconds until usb_step wants to look again (for the loop's sleep). */
int usb_wait_ms(const struct app *app);

/* The candidate day pack folders on the stick: "<stick>/shadowday" and other top-level
** folders whose name starts with "shadowday" and that hold workplace.csv (never the export
** folder). Up to max paths of size bytes each; returns how many. */
int usb_find_packs(const char *stick, char (*paths)[512], int max);

#endif
