'''Stand-in for dunst's D-Bus API (dunst 1.9, Debian 12), as a python-dbusmock template.

dunst owns org.freedesktop.Notifications. On /org/freedesktop/Notifications it serves the
notification spec's org.freedesktop.Notifications and its own org.dunstproject.cmd0, whose
properties are paused (b, writable), displayedLength, historyLength and waitingLength (u), all
declared emits-change. "dunstctl set-paused true|false|toggle" and a plain Properties.Set of
"paused" make dunst send PropertiesChanged("org.dunstproject.cmd0", {"paused": <b>}, []) with
the new value (checked against dunst 1.9.0 under dbus-run-session with busctl monitor).

Here paused is changed the same way, with org.freedesktop.DBus.Properties.Set, which sends the
same PropertiesChanged.

Parameters: {"paused": bool} (default false).
'''

import dbus

BUS_NAME = 'org.freedesktop.Notifications'
MAIN_OBJ = '/org/freedesktop/Notifications'
MAIN_IFACE = 'org.dunstproject.cmd0'
SYSTEM_BUS = False

NOTIFICATIONS_IFACE = 'org.freedesktop.Notifications'


def load(mock, parameters):
    mock.AddProperties(MAIN_IFACE, dbus.Dictionary({
        'paused': dbus.Boolean(parameters.get('paused', False)),
        'displayedLength': dbus.UInt32(0),
        'historyLength': dbus.UInt32(0),
        'waitingLength': dbus.UInt32(0),
    }, signature='sv'))
    mock.AddMethods(MAIN_IFACE, [
        ('Ping', '', '', ''),
        ('NotificationCloseAll', '', '', ''),
        ('NotificationCloseLast', '', '', ''),
        ('NotificationShow', '', '', ''),
    ])
    mock.AddMethods(NOTIFICATIONS_IFACE, [
        ('GetCapabilities', '', 'as', 'ret = ["actions", "body", "body-markup"]'),
        ('GetServerInformation', '', 'ssss',
         'ret = ("dunst", "https://github.com/dunst-project/dunst", "1.9.0", "1.2")'),
        ('Notify', 'susssasa{sv}i', 'u', 'ret = args[1] or 1'),
        ('CloseNotification', 'u', '', ''),
    ])
