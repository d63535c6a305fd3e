/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <limits.h>
#include <unistd.h>

#include "ctl-bus.h"
#include "ctl-output.h"
#include "ctl-util.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

int bus_connect(sd_bus **ret) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        r = sd_bus_open_user(&bus);
        if (r < 0) {
                /* limberd lives on the desktop session's bus: starting it would not help here. */
                ctl_error(r, _("cannot reach the session bus (%m): run limberctl in the desktop session where limberd runs"));
                return -EHOSTDOWN;
        }
        *ret = TAKE_PTR(bus);
        return 0;
}

static bool is_connection_error(int r) {
        switch (-r) {
        case ECONNRESET:
        case ECONNREFUSED:
        case ENOTCONN:
        case ENOENT:
        case EPIPE:
        case ESHUTDOWN:
                return true;
        default:
                return false;
        }
}

bool bus_error_is_no_daemon(const sd_bus_error *e) {
        if (!sd_bus_error_is_set(e))
                return false;
        /* Activation failures (…Spawn.ChildExited, …Spawn.ServiceNotFound) mean the same. */
        return sd_bus_error_has_names(e, SD_BUS_ERROR_SERVICE_UNKNOWN, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
                strncmp(e->name, "org.freedesktop.DBus.Error.Spawn.", 33) == 0;
}

int bus_log_call_error(const sd_bus_error *e, int r) {
        if (sd_bus_error_is_set(e) && strncmp(e->name, "org.freedesktop.DBus.Error.Spawn.", 33) == 0) {
                /* Activation ran limberd, and it failed: say what the bus said. */
                ctl_error(0, _("limberd could not be started: %s; see why with: journalctl --user -u limber "
                            "(or run limberd in a terminal)"), e->message ?: e->name);
                return -EHOSTDOWN;
        }
        if (bus_error_is_no_daemon(e)) {
                ctl_error(0, _("limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        if (sd_bus_error_is_set(e)) {
                /* limberd's messages are written for people: show them as they are. */
                ctl_error(0, "%s", e->message ?: e->name);
                return -EREMOTEIO;
        }
        if (is_connection_error(r)) {
                ctl_error(r, _("lost the session bus (%m): limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        return ctl_error(r, _("D-Bus call failed: %m"));
}

int bus_log_parse_error(int r) {
        ctl_error(r, _("cannot read limberd's reply (%m): is limberctl as new as limberd?"));
        return -EBADMSG;
}

bool bus_daemon_running(sd_bus *bus) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int has = 0;

        /* When the bus cannot say, assume it runs: then nothing is announced. */
        if (sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                               "NameHasOwner", NULL, &reply, "s", LIMBER_BUS_NAME) < 0 ||
            sd_bus_message_read(reply, "b", &has) < 0)
                return true;
        return has;
}

/* The value of name in a process's environment block (NUL-separated), or NULL. */
static const char *environ_get(const char *block, size_t size, const char *name) {
        size_t len = strlen(name);

        for (const char *p = block; p < block + size; p += strlen(p) + 1)
                if (strncmp(p, name, len) == 0 && p[len] == '=')
                        return p + len + 1;
        return NULL;
}

/* The file at path, whole, with a NUL appended. NULL when it cannot be read. */
static char *read_proc_file(const char *path, size_t *ret_size) {
        _cleanup_(memstream_done) MemStream m = {};
        _cleanup_(fclosep) FILE *f = fopen(path, "re");
        char buf[4096];
        size_t n;

        if (!f || !memstream_open(&m))
                return NULL;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                fwrite(buf, 1, n, m.f);
        fputc('\0', m.f);
        if (ferror(f) || fflush(m.f) != 0)
                return NULL;
        *ret_size = m.size;
        return memstream_steal(&m);
}

/* Where the limberd of pid reads its configuration and keeps its history, worked out as it
 * does (its --config, else its XDG_CONFIG_HOME or HOME; XDG_STATE_HOME or HOME). */
static int daemon_paths(pid_t pid, char **ret_config, char **ret_state) {
        _cleanup_(freep) char *env = NULL, *cmdline = NULL;
        const char *home, *xdg, *config = NULL;
        char path[64];
        size_t n_env = 0, n_cmd = 0;

        snprintf(path, sizeof(path), "/proc/%d/environ", (int) pid);
        env = read_proc_file(path, &n_env);
        snprintf(path, sizeof(path), "/proc/%d/cmdline", (int) pid);
        cmdline = read_proc_file(path, &n_cmd);
        if (!env || !cmdline)
                return -EACCES;
        for (const char *p = cmdline; p < cmdline + n_cmd; p += strlen(p) + 1) {
                const char *next = p + strlen(p) + 1;

                if ((streq(p, "--config") || streq(p, "-c")) && next < cmdline + n_cmd)
                        config = next;
                else if (strncmp(p, "--config=", 9) == 0)
                        config = p + 9;
        }

        home = environ_get(env, n_env, "HOME");
        xdg = environ_get(env, n_env, "XDG_CONFIG_HOME");
        *ret_config = config ? strdup(config) :
                !isempty(xdg) ? strdup_printf("%s/limber/limber.ini", xdg) :
                strdup_printf("%s/.config/limber/limber.ini", strempty(home));
        xdg = environ_get(env, n_env, "XDG_STATE_HOME");
        *ret_state = !isempty(xdg) ? strdup_printf("%s/limber/", xdg) :
                strdup_printf("%s/.local/state/limber/", strempty(home));
        return *ret_config && *ret_state ? 0 : -ENOMEM;
}

static void announce_started(sd_bus *bus) {
        _cleanup_(sd_bus_creds_unrefp) sd_bus_creds *creds = NULL;
        _cleanup_(freep) char *config = NULL, *state = NULL;
        char exe[PATH_MAX] = "limberd", path[64];
        pid_t pid = 0;
        ssize_t n;

        if (sd_bus_get_name_creds(bus, LIMBER_BUS_NAME, SD_BUS_CREDS_PID | SD_BUS_CREDS_AUGMENT, &creds) < 0 ||
            sd_bus_creds_get_pid(creds, &pid) < 0)
                return;
        snprintf(path, sizeof(path), "/proc/%d/exe", (int) pid);
        n = readlink(path, exe, sizeof(exe) - 1);
        if (n > 0)
                exe[n] = '\0';
        if (daemon_paths(pid, &config, &state) < 0)
                fprintf(stderr, _("Started limberd (%s, PID %d)\n"), exe, (int) pid);
        else
                fprintf(stderr, _("Started limberd (%s, PID %d): configuration %s, history in %s\n"),
                        exe, (int) pid, config, state);
}

int bus_callv(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
              sd_bus_message **ret_reply, const char *types, va_list ap) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        bool announce;
        int r;

        announce = (flags & BUS_CALL_ANNOUNCE_START) && !(flags & BUS_CALL_NO_ACTIVATE) && !bus_daemon_running(bus);
        r = sd_bus_message_new_method_call(bus, &m, LIMBER_BUS_NAME, LIMBER_BUS_PATH, interface, member);
        if (r < 0)
                return bus_log_call_error(NULL, r);
        r = sd_bus_message_set_auto_start(m, !(flags & BUS_CALL_NO_ACTIVATE));
        if (r < 0)
                return bus_log_call_error(NULL, r);
        if (types) {
                r = sd_bus_message_appendv(m, types, ap);
                if (r < 0)
                        return bus_log_call_error(NULL, r);
        }

        r = sd_bus_call(bus, m, 0, &error, &reply);
        if (r < 0 && (flags & BUS_CALL_OPTIONAL) &&
            sd_bus_error_has_names(&error, SD_BUS_ERROR_UNKNOWN_METHOD, SD_BUS_ERROR_UNKNOWN_INTERFACE))
                return -EOPNOTSUPP;
        if (r < 0)
                return bus_log_call_error(&error, r);
        if (announce)
                announce_started(bus);

        if (ret_reply)
                *ret_reply = TAKE_PTR(reply);
        return 0;
}

int bus_call(sd_bus *bus, const char *member, BusCallFlags flags, sd_bus_message **ret_reply,
             const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = bus_callv(bus, LIMBER_BUS_INTERFACE, member, flags, ret_reply, types, ap);
        va_end(ap);
        return r;
}

int bus_call_interface(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
                       sd_bus_message **ret_reply, const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = bus_callv(bus, interface, member, flags, ret_reply, types, ap);
        va_end(ap);
        return r;
}
