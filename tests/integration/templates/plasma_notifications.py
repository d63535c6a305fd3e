'''Stand-in for KDE Plasma's notification server (plasmashell), as a python-dbusmock template.

plasmashell owns org.freedesktop.Notifications. Its org.freedesktop.Notifications interface at
/org/freedesktop/Notifications has, besides the spec's methods, the "Inhibited" property (b):
true while do-not-disturb is on. Whenever it changes plasmashell sends
PropertiesChanged("org.freedesktop.Notifications", {"Inhibited": <b>}, [])
(plasma-workspace, libnotificationmanager/server_p.cpp, ServerPrivate::onInhibitedChanged).

Here Inhibited is changed with the mock's UpdateProperties, which sends the same signal.

Parameters: {"inhibited": bool} (default false).
'''

import dbus

BUS_NAME = 'org.freedesktop.Notifications'
MAIN_OBJ = '/org/freedesktop/Notifications'
MAIN_IFACE = 'org.freedesktop.Notifications'
SYSTEM_BUS = False


def load(mock, parameters):
    mock.AddProperties(MAIN_IFACE, dbus.Dictionary({
        'Inhibited': dbus.Boolean(parameters.get('inhibited', False)),
    }, signature='sv'))
    mock.AddMethods(MAIN_IFACE, [
        ('GetCapabilities', '', 'as', 'ret = ["actions", "body", "body-markup", "inhibitions"]'),
        ('GetServerInformation', '', 'ssss', 'ret = ("Plasma", "KDE", "5.27.5", "1.2")'),
        ('Notify', 'susssasa{sv}i', 'u', 'ret = args[1] or 1'),
        ('CloseNotification', 'u', '', ''),
        ('Inhibit', 'ssa{sv}', 'u', 'ret = 1'),
        ('UnInhibit', 'u', '', ''),
    ])
