'''Stand-in for gnome-session's inhibitors, as a python-dbusmock template.

gnome-session owns org.gnome.SessionManager; /org/gnome/SessionManager,
interface org.gnome.SessionManager, has:

  Inhibit(s app_id, u toplevel_xid, s reason, u flags) -> u cookie
  Uninhibit(u cookie)
  IsInhibited(u flags) -> b
  GetInhibitors() -> ao
  signals InhibitorAdded(o), InhibitorRemoved(o)
  property InhibitedActions (u): the OR of the flags of all inhibitors (1 logout, 2 user
      switch, 4 suspend, 8 idle, 16 automount). gnome-session sets it on its gdbus-codegen
      skeleton, which sends PropertiesChanged with the new value when it changes.

GTK's gtk_application_inhibit(), the inhibit portal and the org.freedesktop.ScreenSaver API
end up here; video players and call apps use them to keep the screen on.
'''

import dbus

BUS_NAME = 'org.gnome.SessionManager'
MAIN_OBJ = '/org/gnome/SessionManager'
MAIN_IFACE = 'org.gnome.SessionManager'
SYSTEM_BUS = False


def load(mock, parameters):
    mock.gsm_inhibitors = {}        # cookie -> flags
    mock.gsm_next_cookie = 1
    mock.AddProperties(MAIN_IFACE, dbus.Dictionary({
        'InhibitedActions': dbus.UInt32(0),
        'SessionName': 'gnome',
        'SessionIsActive': True,
    }, signature='sv'))


def _inhibitor_path(cookie):
    return dbus.ObjectPath(f'/org/gnome/SessionManager/Inhibitor{cookie}')


def _update(self):
    flags = 0
    for f in self.gsm_inhibitors.values():
        flags |= f
    if flags != self.props[MAIN_IFACE]['InhibitedActions']:
        self.UpdateProperties(MAIN_IFACE, {'InhibitedActions': dbus.UInt32(flags)})


@dbus.service.method(MAIN_IFACE, in_signature='susu', out_signature='u')
def Inhibit(self, app_id, toplevel_xid, reason, flags):
    cookie = self.gsm_next_cookie
    self.gsm_next_cookie += 1
    self.gsm_inhibitors[cookie] = int(flags)
    self.EmitSignal(MAIN_IFACE, 'InhibitorAdded', 'o', [_inhibitor_path(cookie)])
    _update(self)
    return dbus.UInt32(cookie)


@dbus.service.method(MAIN_IFACE, in_signature='u', out_signature='')
def Uninhibit(self, cookie):
    if self.gsm_inhibitors.pop(int(cookie), None) is None:
        raise dbus.exceptions.DBusException(f'Unable to uninhibit: Invalid cookie {cookie}',
                                            name='org.gnome.SessionManager.GeneralError')
    self.EmitSignal(MAIN_IFACE, 'InhibitorRemoved', 'o', [_inhibitor_path(cookie)])
    _update(self)


@dbus.service.method(MAIN_IFACE, in_signature='u', out_signature='b')
def IsInhibited(self, flags):
    return any(f & int(flags) for f in self.gsm_inhibitors.values())


@dbus.service.method(MAIN_IFACE, in_signature='', out_signature='ao')
def GetInhibitors(self):
    return dbus.Array([_inhibitor_path(c) for c in self.gsm_inhibitors], signature='o')
