#!/usr/bin/python3
'''Replies whose size a caller controls stay bounded: the panel menu's group methods answer
each item once and refuse more ids than a menu has use for, with an error, instead of building
a reply past the bus's message limit (dbus-daemon then drops limberd's connection, and
limberd exits).'''

import os
import sys

import dbus

from reliability import limbertest
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration'))
from limbertest import INVALID_ARGS, setup  # noqa: E402
from test_tray import MENU_IFACE, MENU_PATH, SKIP, SNOOZE, TrayTestCase  # noqa: E402

MENU_GROUP_MAX = 1024   # daemon/tray/dbusmenu.c


class TestMenuReplies(TrayTestCase):
    def menu_error(self, method, signature, *args):
        try:
            self.conn.call_blocking(self.item_bus(), MENU_PATH, MENU_IFACE, method, signature, args,
                                    timeout=120)
        except dbus.exceptions.DBusException as e:
            return e.get_dbus_name(), e.get_dbus_message()
        self.fail(f'{method} with {len(args[0])} ids succeeded')

    @setup(config={'schedule': {'interval': '1h'}})
    def test_group_properties_bounded(self):
        self.wait_registered(self.start_watcher())
        # Repeated ids are answered once.
        props = self.menu('GetGroupProperties', 'aias', [SNOOZE] * 1000 + [SKIP, SNOOZE], ['enabled'])
        self.assertEqual(props, [(SNOOZE, {'enabled': False}), (SKIP, {'enabled': False})])
        # 1.5M copies of one id (a 6 MB call) would make a 144 MB reply: refused with an error.
        ids = dbus.Array([SNOOZE] * 1_500_000, signature='i')
        name, text = self.menu_error('GetGroupProperties', 'aias', ids, dbus.Array([], signature='s'))
        self.assertEqual(name, INVALID_ARGS)
        self.assertIn(str(MENU_GROUP_MAX), text)
        name, _ = self.menu_error('AboutToShowGroup', 'ai', dbus.Array([7777] * (MENU_GROUP_MAX + 1),
                                                                       signature='i'))
        self.assertEqual(name, INVALID_ARGS)
        zero = dbus.Int32(0, variant_level=1)
        name, _ = self.menu_error('EventGroup', 'a(isvu)',
                                  [(9999, 'hovered', zero, 0)] * (MENU_GROUP_MAX + 1))
        self.assertEqual(name, INVALID_ARGS)
        self.assertEqual(self.menu('GetGroupProperties', 'aias', [SKIP], ['enabled']),
                         [(SKIP, {'enabled': False})])
        self.assert_alive()


if __name__ == '__main__':
    limbertest.main()
