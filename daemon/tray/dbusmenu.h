/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A menu served over com.canonical.dbusmenu (the protocol of libdbusmenu, which KDE Plasma,
 * GNOME's AppIndicator extension, Xfce, MATE, Cinnamon and waybar read), in plain sd-bus.
 * The menu is a fixed array of items, each identified by its index, item 0 the root; the
 * caller hands in a new array whenever something changed, and the menu tells the hosts what
 * differs: LayoutUpdated when items appear or disappear, ItemsPropertiesUpdated when a label
 * or whether an item applies changes. A click arrives as the item's id. */

#include <systemd/sd-bus.h>

#include "util/util.h"

#define MENU_LABEL_MAX 128

typedef struct MenuItem {
        int parent;                     /* index of the parent item; the root's is -1 */
        bool separator;
        bool submenu;                   /* has children (the root always has) */
        bool enabled;                   /* applies now */
        bool visible;                   /* shown at all: a hidden item is left out of the layout */
        char label[MENU_LABEL_MAX];
} MenuItem;

typedef struct Menu Menu;

/* Called with the id of the item the user chose (an enabled, visible, non-submenu item). */
typedef void (*menu_clicked_t)(void *userdata, int id);

/* Exports the menu at path on bus with items[0 … n_items - 1] (copied). */
int menu_new(sd_bus *bus, const char *path, const MenuItem *items, size_t n_items,
             menu_clicked_t clicked, void *userdata, Menu **ret);
/* Removes the object from the bus. */
Menu *menu_free(Menu *m);
static inline void menu_freep(Menu **m) {
        menu_free(*m);
}

/* Takes the new items (n_items as given to menu_new) and emits what changed. */
void menu_update(Menu *m, const MenuItem *items);
