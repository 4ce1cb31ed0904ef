/*
** usb.h - the USB stick watcher: is a stick in, where is it, and did one come or go.
**
** The app's loop asks usb_watch() when usb_due_in() says it is time; the watcher only reports,
** and the app decides what the screen does about a stick (app.c). The import and export screens
** call usb_stick() each frame. See usb.c for what counts as a stick. No SDL, no app.
*/
#ifndef SD_USB_H
#define SD_USB_H

#include <stddef.h>
#include <stdint.h>

#define USB_DEFAULT_DIR "/media/shadowday"
#define USB_POLL_MS 1000            /* how often the mount folder is looked at */

/* What usb_watch saw since its last look. */
enum usb_event { USB_NO_CHANGE = 0, USB_CAME, USB_WENT };

/* Watch dir (NULL: USB_DEFAULT_DIR). A stick already in at this moment is not offered. */
void usb_init(const char *dir);
/* Look at the mount folder now; 1 when a stick came or went since the last look. */
int usb_poll(void);
/* The root folder of the stick that is in (the first by name when several are), or NULL. */
const char *usb_stick(void);
/* The folder being watched. */
const char *usb_dir(void);

/* Look at the mount folder (at most every USB_POLL_MS; now is the app's clock) and say whether
** a stick came or went. The first look is the baseline: a stick already in then is no event. */
int usb_watch(uint32_t now);
/* Milliseconds until usb_watch wants to look again (0: now), for the loop's sleep. */
int usb_due_in(uint32_t now);

/* The candidate day pack folders on the stick: "<stick>/shadowday" and other top-level
** folders whose name starts with "shadowday" and that hold workplace.csv (never the export
** folder). Up to max paths of size bytes each; returns how many. */
int usb_find_packs(const char *stick, char (*paths)[512], int max);

#endif
