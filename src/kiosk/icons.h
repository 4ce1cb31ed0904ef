/*
** icons.h - the Material Icons pictograms the kiosk uses, by name (code points of
** MaterialIcons-Regular.ttf from Debian's fonts-material-design-icons-iconfont).
**
** ui_selfcheck and the layout test check that the installed font has a glyph for each one.
*/
#ifndef SD_ICONS_H
#define SD_ICONS_H

enum icon {
    ICON_NONE = 0,
    ICON_ADD = 0xe145,            /* add (a plus) */
    ICON_ADMIN = 0xef3d,          /* admin_panel_settings */
    ICON_ALARM = 0xe855,
    ICON_ARROW_BACK = 0xe5c4,
    ICON_ARROW_FORWARD = 0xe5c8,
    ICON_BACKSPACE = 0xe14a,
    ICON_BADGE = 0xea67,
    ICON_CALENDAR = 0xebcc,       /* calendar_month */
    ICON_CANCEL = 0xe5c9,
    ICON_CAPSLOCK = 0xe318,       /* keyboard_capslock */
    ICON_CHECK = 0xe5ca,
    ICON_CHECK_CIRCLE = 0xe86c,
    ICON_CHEVRON_LEFT = 0xe5cb,
    ICON_CHEVRON_RIGHT = 0xe5cc,
    ICON_CLEAN_HANDS = 0xf21f,
    ICON_CLOSE = 0xe5cd,
    ICON_COFFEE = 0xefef,
    ICON_CONTACT_PHONE = 0xe0cf,
    ICON_CONTACTS = 0xe0ba,
    ICON_DELETE = 0xe92b,         /* delete_forever */
    ICON_DIALPAD = 0xe0bc,
    ICON_DONE_ALL = 0xe877,
    ICON_DOOR = 0xeffd,           /* door_front */
    ICON_EDIT = 0xe3c9,
    ICON_EMERGENCY = 0xe1eb,
    ICON_ENGINEERING = 0xea3d,
    ICON_EVENT = 0xe878,
    ICON_EXIT = 0xe879,           /* exit_to_app */
    ICON_EXPLORE = 0xe87a,
    ICON_FACT_CHECK = 0xf0c5,
    ICON_FIRE = 0xef55,           /* local_fire_department */
    ICON_FIRE_EXTINGUISHER = 0xf1d8,
    ICON_GROUPS = 0xf233,
    ICON_HANDSHAKE = 0xebcb,
    ICON_HEALTH = 0xe1d5,         /* health_and_safety */
    ICON_HELP = 0xe887,
    ICON_HOME = 0xe88a,
    ICON_HOT = 0xe80e,            /* whatshot */
    ICON_HOURGLASS = 0xe88b,
    ICON_KEY = 0xe73c,
    ICON_KEYBOARD_RETURN = 0xe31b,
    ICON_LIST = 0xe241,           /* format_list_bulleted */
    ICON_LOCAL_HOSPITAL = 0xe548,
    ICON_LOCK = 0xe897,
    ICON_LOGIN = 0xea77,
    ICON_LOGOUT = 0xe9ba,
    ICON_LUNCH = 0xea61,          /* lunch_dining */
    ICON_MEETING = 0xeb4f,        /* meeting_room */
    ICON_NO_MEALS = 0xf1d6,
    ICON_PERSON = 0xe7fd,
    ICON_PHONE = 0xe0cd,
    ICON_PLACE = 0xe55f,
    ICON_MACHINE = 0xf049,        /* precision_manufacturing */
    ICON_PSYCHOLOGY = 0xea4a,
    ICON_QR = 0xef6b,             /* qr_code */
    ICON_QUESTION = 0xeb8b,       /* question_mark */
    ICON_REMOVE = 0xe15b,         /* remove (a minus) */
    ICON_SCHEDULE = 0xe8b5,
    ICON_SCHOOL = 0xe80c,
    ICON_SCIENCE = 0xea4b,
    ICON_SD_CARD = 0xe623,
    ICON_SETTINGS = 0xe8b8,
    ICON_SHIELD = 0xe9e0,
    ICON_SKIP = 0xe044,           /* skip_next */
    ICON_SMILE_1 = 0xe814,        /* sentiment_very_dissatisfied */
    ICON_SMILE_2 = 0xe811,        /* sentiment_dissatisfied */
    ICON_SMILE_3 = 0xe813,        /* sentiment_satisfied */
    ICON_SMILE_4 = 0xe815,        /* sentiment_very_satisfied */
    ICON_SPACE_BAR = 0xe256,
    ICON_STORAGE = 0xe1db,
    ICON_SYNC = 0xe627,
    ICON_TIMER = 0xe425,
    ICON_TOUCH = 0xe913,          /* touch_app */
    ICON_TOUR = 0xef75,
    ICON_TRANSLATE = 0xe8e2,
    ICON_TRAVEL_EXPLORE = 0xe2db,
    ICON_USB = 0xe1e0,
    ICON_VERIFIED = 0xe8e8,       /* verified_user */
    ICON_VOLUME_UP = 0xe050,
    ICON_WALK = 0xe536,           /* directions_walk */
    ICON_WARNING = 0xe002,
    ICON_WAVING_HAND = 0xe766,
    ICON_WORK = 0xe8f9,
};

#endif
