/*
** watchdog.h - telling systemd we are up and alive (Type=notify, WatchdogSec=).
**
** Outside systemd every call does nothing. The main loop feeds the watchdog only after a frame
** ran and the database answered, so a hung loop or a hung store gets the kiosk restarted.
*/
#ifndef SD_WATCHDOG_H
#define SD_WATCHDOG_H

/* The watchdog period systemd asked for (WATCHDOG_USEC, for this process if WATCHDOG_PID is set),
** in microseconds; 0 when there is none or it is not a number of 1 µs to 30 minutes. */
int watchdog_interval_usec(void);
/* READY=1 after the first frame; WATCHDOG=1 each period; STOPPING=1 on the way out. */
void watchdog_ready(void);
void watchdog_feed(void);
void watchdog_stopping(void);

#endif
