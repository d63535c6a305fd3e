/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The bus half of the Manager: the io.github.limber.Limber1 object (its methods, properties
 * and signals, documented in io.github.limber.Limber1.xml and io.github.limber.Limber1(5)). manager.c
 * calls these; the method handlers call back into manager.c. */

#include "core/history.h"

typedef struct Manager Manager;

int manager_dbus_add_object(Manager *m);
/* Emits PropertiesChanged for what changed since the last call; returns whether State did. */
bool manager_dbus_publish(Manager *m);
void manager_dbus_emit_break_due(Manager *m, const char *exercise);
void manager_dbus_emit_break_started(Manager *m, const char *exercise);
void manager_dbus_emit_break_finished(Manager *m, HistoryKind kind, usec_t duration);
