/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fake-click [move] X Y [BUTTON]: moves KWin's pointer to X,Y (absolute, in the compositor's
 * coordinates) and, without "move", presses and releases BUTTON (a Linux evdev code: 272
 * left, 273 right), through KWin's org_kde_kwin_fake_input. KWin offers that interface only
 * to a client named by a .desktop file with X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input
 * (plasma-tray-screenshot.sh writes one). For the Plasma screenshot of the README. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-client.h>

#include "fake-input-client-protocol.h"

static struct org_kde_kwin_fake_input *fake_input;

static void on_global(void *data, struct wl_registry *registry, uint32_t name, const char *interface,
                      uint32_t version) {
        if (strcmp(interface, org_kde_kwin_fake_input_interface.name) == 0 && version >= 3)
                fake_input = wl_registry_bind(registry, name, &org_kde_kwin_fake_input_interface, 3);
}

static void on_global_remove(void *data, struct wl_registry *registry, uint32_t name) {
}

static const struct wl_registry_listener registry_listener = { on_global, on_global_remove };

int main(int argc, char **argv) {
        int move_only = argc > 1 && strcmp(argv[1], "move") == 0;
        int a = move_only ? 2 : 1;
        struct wl_display *display;

        if (argc != 4) {
                fprintf(stderr, "usage: fake-click X Y BUTTON | fake-click move X Y\n");
                return 2;
        }
        display = wl_display_connect(NULL);
        if (!display) {
                fprintf(stderr, "fake-click: cannot connect to the Wayland display\n");
                return 1;
        }
        wl_registry_add_listener(wl_display_get_registry(display), &registry_listener, NULL);
        wl_display_roundtrip(display);
        if (!fake_input) {
                fprintf(stderr, "fake-click: the compositor offers no org_kde_kwin_fake_input v3\n");
                return 1;
        }
        org_kde_kwin_fake_input_authenticate(fake_input, "limber", "screenshots of the tray icon");
        org_kde_kwin_fake_input_pointer_motion_absolute(fake_input, wl_fixed_from_double(atof(argv[a])),
                                                        wl_fixed_from_double(atof(argv[a + 1])));
        wl_display_roundtrip(display);
        if (!move_only) {
                uint32_t button = (uint32_t) atoi(argv[3]);

                usleep(200 * 1000);     /* hover first, as a hand does */
                org_kde_kwin_fake_input_button(fake_input, button, 1);
                wl_display_roundtrip(display);
                usleep(80 * 1000);
                org_kde_kwin_fake_input_button(fake_input, button, 0);
                wl_display_roundtrip(display);
        }
        wl_display_disconnect(display);
        return 0;
}
