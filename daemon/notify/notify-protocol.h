/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What limberd and its notification helper (limber-notify) say to each other over a
 * SOCK_SEQPACKET socket pair: one message per packet, each a list of fields that each end
 * with a NUL byte. The first field names the message.
 *
 * limberd → helper (every request is answered by exactly one "done"):
 *   show SLOT URGENCY TIMEOUT TRANSIENT SOUND SUMMARY BODY [KEY LABEL]...
 *        SLOT "reminder" (the reminder and the guided break's steps: one notification,
 *        updated) or "nudge" (the posture nudge, beside it); URGENCY "low", "normal" or
 *        "critical"; TIMEOUT in ms, -1 for the server's default, 0 for never; TRANSIENT "0"
 *        or "1"; SOUND a sound-theme name or "" for none; then the actions, key and label,
 *        where the pair NOTIFY_IMAGE_KEY PATH is not an action but the picture shown
 *        beside the text (the exercise's still figure; the image-path hint).
 *   close                       closes the reminder
 *   watch-dnd [DESKTOP]         watch the desktop's do-not-disturb in GSettings: "gnome" (the
 *                               default: show-banners) or "mate" (do-not-disturb)
 *
 * helper → limberd:
 *   done OPEN                   the request was handled; OPEN notifications are on screen
 *   closed OPEN                 one went away (expired, dismissed, or its action chosen)
 *   action KEY                  the user chose an action of the reminder
 *   dnd 0|1                     that do-not-disturb, at first and on every change
 *   dnd-absent                  no GSettings schema for it: nothing to watch
 *
 * When limberd closes its end, the helper closes what it shows and exits. */

#include <stddef.h>

#include "util/util.h"

/* The key of the "show" pair that carries a picture's absolute path instead of an action. */
#define NOTIFY_IMAGE_KEY "image-path"

/* Larger than any text limberd sends (a catalog entry is at most a few kB). */
#define NOTIFY_MESSAGE_MAX (64U * 1024U)
#define NOTIFY_FIELDS_MAX 32U

/* Joins the NULL-terminated fields into *ret (freed by the caller) and *ret_size. Returns 0,
 * -EMSGSIZE when the message would exceed NOTIFY_MESSAGE_MAX or NOTIFY_FIELDS_MAX fields, or
 * -ENOMEM. */
int notify_message_build(char * const *fields, char **ret, size_t *ret_size);

/* Splits a received message in place: fields[i] point into data. Returns the number of
 * fields, or -EBADMSG when data is empty, does not end with NUL or has more than max
 * fields. */
int notify_message_split(const char *data, size_t size, const char **fields, size_t max);
