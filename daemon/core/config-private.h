/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inside the configuration module: the key table (config.c), shared by the file reader
 * (config-parse.c) and the key writer (config-write.c). Not for other modules. */

#include "core/config.h"
#include "core/ini-reader.h"

/* Longest value a key takes, so that "key = value" always fits a setting line
 * (INI_SETTING_MAX), also when written by config_write_key(). */
#define CONFIG_VALUE_MAX 160U
#define CONFIG_SOUND_MAX 64U
#define CONFIG_MACHINE_MAX 64U
static_assert(CONFIG_VALUE_MAX + 32 < INI_SETTING_MAX, "settings must fit a setting line");

typedef enum ConfigType {
        CONFIG_DURATION,        /* usec_t, min..max */
        CONFIG_UNSIGNED,        /* unsigned, min..max */
        CONFIG_BOOL,            /* bool */
        CONFIG_ENUM,            /* an enum, named by enum_name() */
        CONFIG_WORKING_HOURS,   /* char *working_hours plus the parsed WorkingHours */
        CONFIG_SOUND,           /* char *, a sound-theme name or "" */
        CONFIG_FOLDER,          /* char *, an absolute path or ~/…, "" = none */
        CONFIG_MACHINE,         /* char *, a machine's name for the sync folder, "" = the hostname */
} ConfigType;

typedef struct ConfigKey {
        const char *section;
        const char *name;
        const char *key;                        /* "section.name" */
        ConfigType type;
        size_t offset;                          /* of the value in Config */
        uint64_t min, max;                      /* bounds of durations (usec) and numbers */
        const char *(*enum_name)(int value);    /* CONFIG_ENUM: NULL past the last value */
        const char *enum_what;                  /* CONFIG_ENUM: "a posture" */
        const char *default_value;              /* as written in limber.ini */
        bool optional;                          /* CONFIG_DURATION: empty is allowed, stored as 0 = off */
} ConfigKey;

/* Every key, in the order of limber.ini's sections. */
#define CONFIG_KEYS_MAX 48
extern const ConfigKey config_table[];
extern const size_t config_table_size;

const ConfigKey *config_key_find(const char *section, size_t section_len, const char *name);
/* "section.name", or NULL. */
const ConfigKey *config_key_lookup(const char *key);
bool section_known(const char *section, size_t len);
/* "schedule, exercises, …" or, with section set, that section's keys. Returns NULL on OOM. */
char *config_names_list(const char *section);
/* Why a key of this section is unknown, for "KEY: reason" messages. NULL on OOM. */
char *unknown_key_reason(const char *section, size_t section_len);
/* Validates text as a value of k and stores it in c. On error c is unchanged and *reason
 * (if given) says why, without the key's name. Returns 0, -EINVAL or -ENOMEM. */
int key_set(Config *c, const ConfigKey *k, const char *text, char **reason);
/* The value of k in c, as written in limber.ini. */
int key_format(const Config *c, const ConfigKey *k, char **ret);

/* Parses data (the text of path) into a scratch configuration: 0, or the first error as
 * "FILE:LINE: section.key: reason" in *ret_error. */
int config_check_text(const char *path, const char *data, size_t size, char **ret_error);
