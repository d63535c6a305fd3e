'''Stand-in for mako's D-Bus API, as a python-dbusmock template.

mako owns only org.freedesktop.Notifications (no fr.emersion.Mako name) and serves its own
interface fr.emersion.Mako at /fr/emersion/Mako (dbus/dbus.c, dbus/mako.c):

  ListModes() -> as        the active modes ("default" at start)
  SetModes(as)             what "makoctl mode -s/-a/-r" calls; duplicates are dropped
  SetMode(s)               the older single-mode call
  property Modes (as)      only since mako 1.10 (emersion/mako#552): every change sends
                           PropertiesChanged("fr.emersion.Mako", {}, ["Modes"]), an
                           invalidation without the value

Older mako (1.7 in Debian 12, 1.8 in Ubuntu 24.04) has no Modes property and no signal at all.
Do-not-disturb, by mako's documentation, is a mode named "do-not-disturb".

Parameters: {"modes": [str] (default ["default"]), "modes_property": bool (default true:
mako >= 1.10; false: an older mako)}.
'''

import dbus

BUS_NAME = 'org.freedesktop.Notifications'
MAIN_OBJ = '/fr/emersion/Mako'
MAIN_IFACE = 'fr.emersion.Mako'
SYSTEM_BUS = False

NOTIFICATIONS_OBJ = '/org/freedesktop/Notifications'
NOTIFICATIONS_IFACE = 'org.freedesktop.Notifications'


def load(mock, parameters):
    mock.mako_modes = list(dict.fromkeys(parameters.get('modes', ['default'])))
    mock.mako_modes_property = parameters.get('modes_property', True)
    if mock.mako_modes_property:
        mock.AddProperty(MAIN_IFACE, 'Modes', dbus.Array(mock.mako_modes, signature='s'))
    mock.AddMethods(MAIN_IFACE, [
        ('DismissAllNotifications', '', '', ''),
        ('Reload', '', '', ''),
    ])
    mock.AddObject(NOTIFICATIONS_OBJ, NOTIFICATIONS_IFACE, {}, [
        ('GetCapabilities', '', 'as', 'ret = ["actions", "body", "body-markup"]'),
        ('GetServerInformation', '', 'ssss',
         f'ret = ("mako", "emersion", "{"1.10.0" if mock.mako_modes_property else "1.7.1"}", "1.2")'),
        ('Notify', 'susssasa{sv}i', 'u', 'ret = args[1] or 1'),
        ('CloseNotification', 'u', '', ''),
    ])


def _set_modes(self, modes):
    self.mako_modes = list(dict.fromkeys(str(m) for m in modes))
    if self.mako_modes_property:
        self.props[MAIN_IFACE]['Modes'] = dbus.Array(self.mako_modes, signature='s')
        self.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [
            MAIN_IFACE, dbus.Dictionary({}, signature='sv'), dbus.Array(['Modes'], signature='s')])


@dbus.service.method(MAIN_IFACE, in_signature='', out_signature='as')
def ListModes(self):
    return dbus.Array(self.mako_modes, signature='s')


@dbus.service.method(MAIN_IFACE, in_signature='as', out_signature='')
def SetModes(self, modes):
    _set_modes(self, modes)


@dbus.service.method(MAIN_IFACE, in_signature='s', out_signature='')
def SetMode(self, mode):
    _set_modes(self, [mode])
