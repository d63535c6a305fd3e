#!/usr/bin/python3
'''Signals count only from the owner of the name they belong to. Any program on the bus can
send a signal with any path, interface and member, broadcast or straight to limberd; a match
on a well-known sender does not stop the latter. Forged WatchFired (the idle monitor),
PrepareForSleep and LockedHint (logind) change nothing; the real ones still work.'''

import dbus
import dbus.lowlevel

from reliability import limbertest, limberd_pid
from limbertest import LimberTestCase, setup

MUTTER_PATH = '/org/gnome/Mutter/IdleMonitor/Core'
MUTTER_IFACE = 'org.gnome.Mutter.IdleMonitor'
LOGIND_PATH = '/org/freedesktop/login1'


def unique_name_of(conn, pid):
    '''limberd's unique name on the bus conn connects to.'''
    bus = conn.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus')
    for name in bus.ListNames(dbus_interface='org.freedesktop.DBus'):
        if name.startswith(':'):
            try:
                if bus.GetConnectionUnixProcessID(name, dbus_interface='org.freedesktop.DBus') == pid:
                    return str(name)
            except dbus.exceptions.DBusException:
                pass
    return None


def forge(conn, path, iface, member, signature, args, destination=None):
    msg = dbus.lowlevel.SignalMessage(path, iface, member)
    if destination:
        msg.set_destination(destination)
    msg.append(*args, signature=signature)
    conn.send_message(msg)


class TestForgedSignals(LimberTestCase):
    @setup(config={'schedule': {'interval': '1h', 'idle-after': '60s'}})
    def test_watch_fired(self):
        watches = self.wait_for(lambda: [w for w in self.mutter.watches() if w[1] == 'idle'],
                                what='the idle watch')
        watch = watches[0][0]
        me = unique_name_of(self.conn, limberd_pid(self.daemon))
        self.assertTrue(me)
        forge(self.conn, MUTTER_PATH, MUTTER_IFACE, 'WatchFired', 'u', [dbus.UInt32(watch)])
        forge(self.conn, MUTTER_PATH, MUTTER_IFACE, 'WatchFired', 'u', [dbus.UInt32(watch)], me)
        # A call after the signals, on the same connection, is answered after they are read.
        self.assertIs(self.prop('Idle'), False)
        self.mutter.set_idle(120)
        self.wait_prop('Idle', lambda v: v is True)

    @setup(config={'schedule': {'interval': '1h'}})
    def test_logind(self):
        system = self.sandbox.system.conn
        me = self.wait_for(lambda: unique_name_of(system, limberd_pid(self.daemon)),
                           what="limberd's system bus connection")
        forge(system, LOGIND_PATH, 'org.freedesktop.login1.Manager', 'PrepareForSleep', 'b',
              [dbus.Boolean(True)], me)
        forge(system, self.logind.session_path, 'org.freedesktop.DBus.Properties', 'PropertiesChanged',
              'sa{sv}as', ['org.freedesktop.login1.Session',
                           {'LockedHint': dbus.Boolean(True, variant_level=1)}, []], me)
        # logind's own change is sent after the forged ones and read after them.
        self.logind.lock(True)
        self.wait_prop('Idle', lambda v: v is True)
        self.logind.lock(False)
        self.wait_prop('Idle', lambda v: v is False)
        self.assertNotIn('going to sleep', self.daemon.output())


if __name__ == '__main__':
    limbertest.main()
