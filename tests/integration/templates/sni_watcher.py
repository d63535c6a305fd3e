'''Stand-in for org.kde.StatusNotifierWatcher (KDE's, as plasmashell, waybar, xfce4-panel and
GNOME's AppIndicator extension serve it), as a python-dbusmock template.

On /StatusNotifierWatcher: RegisterStatusNotifierItem(s service) records the item (limberd
registers by object path, from a connection of the tray's own) and emits
StatusNotifierItemRegistered(s) with it;
RegisterStatusNotifierHost(s); the properties
RegisteredStatusNotifierItems (as), IsStatusNotifierHostRegistered (b) and ProtocolVersion
(i). Registered items are not removed when their owner leaves: the tests look at the calls.
'''

import dbus

BUS_NAME = 'org.kde.StatusNotifierWatcher'
MAIN_OBJ = '/StatusNotifierWatcher'
MAIN_IFACE = 'org.kde.StatusNotifierWatcher'
SYSTEM_BUS = False


def load(mock, parameters):
    mock.AddProperties(MAIN_IFACE, dbus.Dictionary({
        'RegisteredStatusNotifierItems': dbus.Array([], signature='s'),
        'IsStatusNotifierHostRegistered': dbus.Boolean(True),
        'ProtocolVersion': dbus.Int32(0),
    }, signature='sv'))
    mock.AddMethods(MAIN_IFACE, [
        ('RegisterStatusNotifierItem', 's', '',
         'items = list(self.Get("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems"))\n'
         'self.Set("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems", '
         'dbus.Array(items + [args[0]], signature="s"))\n'
         'self.EmitSignal("org.kde.StatusNotifierWatcher", "StatusNotifierItemRegistered", "s", [args[0]])'),
        ('RegisterStatusNotifierHost', 's', '', ''),
    ])
