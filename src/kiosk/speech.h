/*
** speech.h - "reads or hears": reading a text aloud with the espeak-ng program, when installed.
**
** Screens show a "Listen" button only when speech_available() says the program is there. One
** text is spoken at a time: a new one stops the one before. The program is started directly
** (posix_spawnp, no shell), so nothing in the text can be taken as a command or an option.
** Children are reaped without ever blocking the kiosk. Depends on the C library only.
*/
#ifndef SD_SPEECH_H
#define SD_SPEECH_H

#include <stddef.h>

#define SPEECH_PROGRAM "espeak-ng"
#define SPEECH_RATE "140"          /* words per minute: slower than espeak's 175 */
#define SPEECH_ARGV_MAX 8          /* slots speech_build_argv needs, the final NULL included */

/* Whether the espeak-ng executable is in PATH (looked up again only when PATH changes). */
int speech_available(void);
/*
** Fill argv with the command line that reads text in lang ("fi", "sv", "en"; others get "en"):
** espeak-ng -v VOICE -s 140 -- TEXT, NULL-terminated. The strings point to constants and to
** text itself. Returns the number of arguments, or SD_EINVAL (no text, or max too small).
*/
int speech_build_argv(const char *lang, const char *text, char *argv[], size_t max);
/* Stop what is being read and start reading text. SD_ENOTFOUND when espeak-ng is missing. */
int speech_say(const char *lang, const char *text);
/* Stop reading (leaving a screen, the end of a visit). */
void speech_stop(void);
/* Collect a finished reader; cheap, never blocks (call from a frame). */
void speech_poll(void);

#endif
