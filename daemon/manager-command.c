/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way in for commands (see manager-command.h). */
#include "manager-command.h"
#include "manager.h"
#include "util/log.h"
#include "util/string-table.h"

static const char * const manager_command_table[_MANAGER_COMMAND_MAX] = {
        [MANAGER_COMMAND_START_BREAK] = "StartBreak",
        [MANAGER_COMMAND_SNOOZE] = "Snooze",
        [MANAGER_COMMAND_SKIP] = "Skip",
        [MANAGER_COMMAND_FINISH_BREAK] = "FinishBreak",
        [MANAGER_COMMAND_NEXT_STEP] = "NextStep",
        [MANAGER_COMMAND_PAUSE] = "Pause",
        [MANAGER_COMMAND_RESUME] = "Resume",
        [MANAGER_COMMAND_LOG_BREAK] = "LogBreak",
};

static const char * const source_names[_MANAGER_COMMAND_FROM_MAX] = {
        [MANAGER_COMMAND_FROM_BUS] = "Bus",
        [MANAGER_COMMAND_FROM_NOTIFICATION] = "Notification",
        [MANAGER_COMMAND_FROM_TRAY] = "Tray",
};

/* The notification buttons' keys (notify.c offers them). */
static const struct {
        const char *key;
        ManagerCommandKind kind;
} action_commands[] = {
        { "start", MANAGER_COMMAND_START_BREAK },
        { "snooze", MANAGER_COMMAND_SNOOZE },
        { "skip", MANAGER_COMMAND_SKIP },
        { "done", MANAGER_COMMAND_FINISH_BREAK },
};

DEFINE_STRING_TABLE_TO_STRING(manager_command, ManagerCommandKind)

int manager_command_from_action(const char *action, ManagerCommand *ret) {
        for (size_t i = 0; i < ELEMENTSOF(action_commands); i++)
                if (streq(action, action_commands[i].key)) {
                        *ret = (ManagerCommand) { .kind = action_commands[i].kind };
                        return 0;
                }
        return -EINVAL;
}

static int scheduler_run(Scheduler *s, usec_t now, const ManagerCommand *c) {
        switch (c->kind) {
        case MANAGER_COMMAND_START_BREAK:
                return scheduler_start_break(s, now);
        case MANAGER_COMMAND_SNOOZE:
                return scheduler_snooze(s, now, c->usec);
        case MANAGER_COMMAND_SKIP:
                return scheduler_skip(s, now);
        case MANAGER_COMMAND_FINISH_BREAK:
                return scheduler_finish_break(s, now);
        case MANAGER_COMMAND_NEXT_STEP:
                return scheduler_next_step(s, now);
        case MANAGER_COMMAND_PAUSE:
                return scheduler_pause(s, now, c->usec);
        case MANAGER_COMMAND_RESUME:
                return scheduler_resume(s, now);
        case MANAGER_COMMAND_LOG_BREAK:
                return scheduler_log_break(s, now, c->usec, strempty(c->note));
        default:
                return -EINVAL;
        }
}

int manager_run_command(Manager *m, ManagerCommandSource source, const ManagerCommand *c, char **ret_text) {
        _cleanup_(freep) char *text = NULL;
        const char *name = manager_command_to_string(c->kind) ?: "?", *from = source_names[source];
        int r, k;

        storage_call_begin(m->storage);
        r = scheduler_run(&m->scheduler, manager_now(), c);
        if (r > 0)
                /* Refused: nothing changed, so nothing was recorded. */
                log_info("%s: %s refused (%s)", from, name, scheduler_refusal_to_string(r));
        else if (r < 0)
                log_warning_errno(r, "%s: %s failed: %m", from, name);
        else
                log_info("%s: %s", from, name);
        /* Even a refusal: an event the scheduler caught up on on the way may want showing. */
        manager_changed(m);
        k = storage_call_end(m->storage, &text);
        if (r != 0)
                return r;
        if (k < 0) {
                log_warning("%s: %s is in force, but %s", from, name, strempty(text));
                if (ret_text)
                        *ret_text = TAKE_PTR(text);
                return k;
        }
        return 0;
}
