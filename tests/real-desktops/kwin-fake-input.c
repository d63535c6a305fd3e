/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kwin-fake-input: real input for KWin in the real-desktops tests, through KWin's
 * org_kde_kwin_fake_input protocol (wtype, ydotool and XTEST do not reach KWin). It
 * authenticates, moves the pointer by a few pixels and presses and releases a key, then exits
 * 0; 1 when the compositor does not offer the protocol (KWin offers it only to a client whose
 * .desktop file lists X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input). */
#include <stdio.h>
#include <string.h>
#include <wayland-client.h>

#include "fake-input-client-protocol.h"

static struct org_kde_kwin_fake_input *fake;

static void on_global(void *data, struct wl_registry *registry, uint32_t name, const char *interface,
                      uint32_t version) {
        if (!fake && strcmp(interface, org_kde_kwin_fake_input_interface.name) == 0)
                fake = wl_registry_bind(registry, name, &org_kde_kwin_fake_input_interface,
                                        version < 4 ? version : 4);
}

static void on_global_remove(void *data, struct wl_registry *registry, uint32_t name) {
}

static const struct wl_registry_listener listener = { on_global, on_global_remove };

int main(void) {
        struct wl_display *display = wl_display_connect(NULL);
        struct wl_registry *registry;

        if (!display) {
                fprintf(stderr, "kwin-fake-input: cannot connect to $WAYLAND_DISPLAY\n");
                return 1;
        }
        registry = wl_display_get_registry(display);
        wl_registry_add_listener(registry, &listener, NULL);
        wl_display_roundtrip(display);
        if (!fake) {
                fprintf(stderr, "kwin-fake-input: the compositor offers no org_kde_kwin_fake_input\n");
                wl_registry_destroy(registry);
                wl_display_disconnect(display);
                return 1;
        }
        org_kde_kwin_fake_input_authenticate(fake, "limber tests", "real input for limber's tests");
        org_kde_kwin_fake_input_pointer_motion(fake, wl_fixed_from_int(7), wl_fixed_from_int(5));
        if (wl_proxy_get_version((struct wl_proxy *) fake) >= 4) {
                org_kde_kwin_fake_input_keyboard_key(fake, 42,
                                                     WL_KEYBOARD_KEY_STATE_PRESSED);   /* left shift */
                org_kde_kwin_fake_input_keyboard_key(fake, 42, WL_KEYBOARD_KEY_STATE_RELEASED);
        }
        if (wl_display_roundtrip(display) < 0) {
                fprintf(stderr, "kwin-fake-input: the compositor closed the connection\n");
                return 1;
        }
        org_kde_kwin_fake_input_destroy(fake);
        wl_registry_destroy(registry);
        wl_display_disconnect(display);
        return 0;
}
