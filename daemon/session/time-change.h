/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Notices when the wall clock is set (NTP, by hand, resume on some machines): a CLOCK_REALTIME
 * timerfd armed far in the future with TFD_TIMER_CANCEL_ON_SET, watched by sd-event. It does
 * not fire for the passing of time, only for jumps. */

#include <systemd/sd-event.h>

typedef void (*time_change_t)(void *userdata);

/* Returns 0 and the io source in *ret (owned by the caller), or -errno. */
int time_change_watch(sd_event *event, time_change_t callback, void *userdata, sd_event_source **ret);
