/*
** smiley.h - the 4-face answer scale (HappyOrNot style: no neutral middle) with a word under
** each face, and a whole question laid out around it: question, "Question 2 of 5", the faces,
** "Skip" and, where wanted, "Back".
**
** Shared by the shadow's evaluation (scr_evaluate.c) and the host's (scr_checkout.c). Draws with
** ui widgets only; knows nothing of the store or the pack. The faces are tiles, not buttons, so
** each face can keep its own colour: the words stay dark on light (7:1), the faces >= 4.5:1.
*/
#ifndef SD_SMILEY_H
#define SD_SMILEY_H

#include "ui.h"

#define SMILEY_FACES 4

/* What a question returns: 0 nothing yet, 1..4 a face (1 = the least), or one of these. */
enum smiley_answer { SMILEY_NONE = 0, SMILEY_SKIP = SMILEY_FACES + 1, SMILEY_BACK };

/* The value stored for an answer: "1".."4" or "skip"; NULL for SMILEY_NONE and SMILEY_BACK. */
const char *smiley_value(int answer);
/* The answer a stored value stands for (SMILEY_NONE when it is none of them). */
int smiley_from_value(const char *value);
/* The word under face 1..4, translated ("Not at all" ... "Very much"). */
const char *smiley_word(int face);

/* The four faces in r: one row when r is wide, one column when it is tall. selected (1..4)
** marks an answer given before. Returns the face tapped, or 0. */
int smiley_scale(struct ui *ui, SDL_Rect r, int selected);

/* A question filling area: progress line, question text, the scale, and a bottom row with
** "Skip" (and "Back" when with_back). selected as for smiley_scale (SMILEY_SKIP marks Skip).
** Returns 1..4, SMILEY_SKIP, SMILEY_BACK or SMILEY_NONE. */
int smiley_question(struct ui *ui, SDL_Rect area, const char *question, const char *progress,
                    int selected, int with_back);

#endif
