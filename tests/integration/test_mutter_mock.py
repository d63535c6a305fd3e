#!/usr/bin/python3
'''Self-test of the GNOME idle monitor stand-in (templates/mutter_idle_monitor.py): it must
behave like GNOME Shell, or the idle tests of limberd prove nothing. No limberd here.'''

import dbus

import limbertest
from limbertest import LimberTestCase, pump


class MutterMockTest(LimberTestCase):
    MOCKS = ('mutter',)
    START_DAEMON = False

    def setUp(self):
        super().setUp()
        self.fired = []
        self.match = self.conn.add_signal_receiver(
            lambda wid: self.fired.append(int(wid)), signal_name='WatchFired',
            dbus_interface='org.gnome.Mutter.IdleMonitor', path='/org/gnome/Mutter/IdleMonitor/Core')
        self.addCleanup(self.match.remove)
        self.monitor = self.mutter.monitor

    def count(self, wid):
        pump()
        return self.fired.count(wid)

    def passes(self, seconds=0):
        '''seconds pass on the mock's clock (its Advance), and two round trips later what fell
        due in them has fired.'''
        if seconds:
            self.mutter.advance(seconds)
        for _ in range(2):
            self.monitor.GetIdletime()
        pump()

    def test_introspection_matches_gnome_shell(self):
        xml = str(self.mutter.obj.Introspect(dbus_interface='org.freedesktop.DBus.Introspectable'))
        for snippet in ('name="AddIdleWatch"', 'name="AddUserActiveWatch"', 'name="RemoveWatch"',
                        'name="GetIdletime"', 'name="WatchFired"'):
            self.assertIn(snippet, xml)

    def test_idletime_is_zero_while_typing_and_grows_when_idle(self):
        self.assertEqual(self.monitor.GetIdletime(), 0)
        self.passes(0.3)
        self.assertEqual(self.monitor.GetIdletime(), 0)
        self.mutter.set_idle(5)
        t1 = int(self.monitor.GetIdletime())
        self.assertGreaterEqual(t1, 5000)
        self.passes(0.3)
        self.assertGreaterEqual(int(self.monitor.GetIdletime()), t1 + 300)
        self.mutter.simulate_activity()
        self.assertLess(int(self.monitor.GetIdletime()), 5000)

    def test_watch_ids_are_distinct_and_nonzero(self):
        ids = [int(self.monitor.AddIdleWatch(dbus.UInt64(60000))) for _ in range(3)]
        ids.append(int(self.monitor.AddUserActiveWatch()))
        self.assertNotIn(0, ids)
        self.assertEqual(len(set(ids)), 4)

    def test_idle_watch_fires_once_per_idle_period_and_stays(self):
        wid = int(self.monitor.AddIdleWatch(dbus.UInt64(300)))
        self.passes(0.8)
        self.assertEqual(self.count(wid), 0, 'fired while the user is typing')
        self.mutter.simulate_activity()                       # then nothing: idle time grows
        self.passes(0.3)
        self.wait_for(lambda: self.count(wid) == 1, 5, 'the idle watch to fire')
        self.passes(0.8)
        self.assertEqual(self.count(wid), 1, 'fired twice in one idle period')
        self.assertIn(wid, [w[0] for w in self.mutter.watches()], 'idle watch removed after firing')
        self.mutter.simulate_activity()
        self.passes(0.3)
        self.wait_for(lambda: self.count(wid) == 2, 5, 'the idle watch to fire again')

    def test_idle_watch_fires_at_its_interval_not_before(self):
        short = int(self.monitor.AddIdleWatch(dbus.UInt64(200)))
        long_ = int(self.monitor.AddIdleWatch(dbus.UInt64(5000)))
        self.mutter.simulate_activity()
        self.passes(0.2)
        self.wait_for(lambda: self.count(short) == 1, 5, 'the 200 ms watch')
        self.passes(4)
        self.assertEqual(self.count(long_), 0, 'the 5000 ms watch fired before 5000 ms')
        self.passes(1)
        self.wait_for(lambda: self.count(long_) == 1, 5, 'the 5000 ms watch')

    def test_set_idle_fires_watches_already_reached(self):
        wid = int(self.monitor.AddIdleWatch(dbus.UInt64(2000)))
        self.mutter.set_idle(3)
        self.wait_for(lambda: self.count(wid) == 1, 2, 'the watch to fire at once')

    def test_watch_added_while_idle_past_its_interval_fires_at_once(self):
        self.mutter.set_idle(10)
        wid = int(self.monitor.AddIdleWatch(dbus.UInt64(1000)))
        self.wait_for(lambda: self.count(wid) == 1, 2, 'the watch to fire at once')

    def test_user_active_watch_fires_on_activity_once_and_is_removed(self):
        self.mutter.set_idle(10)
        wid = int(self.monitor.AddUserActiveWatch())
        self.passes(0.5)
        self.assertEqual(self.count(wid), 0, 'fired without activity')
        self.mutter.simulate_activity()
        self.wait_for(lambda: self.count(wid) == 1, 2, 'the user-active watch')
        self.assertNotIn(wid, [w[0] for w in self.mutter.watches()])
        self.mutter.set_idle(5)
        self.mutter.simulate_activity()
        self.passes()
        self.assertEqual(self.count(wid), 1, 'a user-active watch fired twice')

    def test_user_active_watch_fires_soon_while_typing(self):
        wid = int(self.monitor.AddUserActiveWatch())
        self.wait_for(lambda: self.count(wid) == 1, 2, 'the next keystroke')

    def test_set_idle_lower_means_activity_happened(self):
        self.mutter.set_idle(10)
        idle = int(self.monitor.AddIdleWatch(dbus.UInt64(5000)))
        active = int(self.monitor.AddUserActiveWatch())
        self.wait_for(lambda: self.count(idle) == 1, 2, 'the idle watch')
        self.mutter.set_idle(1)
        self.wait_for(lambda: self.count(active) == 1, 2, 'the user-active watch')
        self.passes(4)
        self.wait_for(lambda: self.count(idle) == 2, 10, 'the idle watch in the new idle period')

    def test_removed_watch_does_not_fire(self):
        wid = int(self.monitor.AddIdleWatch(dbus.UInt64(200)))
        self.monitor.RemoveWatch(dbus.UInt32(wid))
        self.monitor.RemoveWatch(dbus.UInt32(9999))     # unknown ids are ignored, as in mutter
        self.mutter.simulate_activity()
        self.passes(0.8)
        self.assertEqual(self.count(wid), 0)
        self.assertEqual(self.mutter.watches(), [])

    def test_advance_moves_the_idle_time(self):
        '''Advance(ms), the integration tests' fake clock: the idle time of an idle user grows by
        ms at once; a typing user stays at 0.'''
        self.mutter.set_idle(1)
        t1 = int(self.monitor.GetIdletime())
        self.mutter.advance(60)
        self.assertGreaterEqual(int(self.monitor.GetIdletime()), t1 + 60000)
        self.mutter.set_active()
        self.mutter.advance(60)
        self.assertEqual(self.monitor.GetIdletime(), 0)

    def test_watch_fired_goes_only_to_its_owner(self):
        other = limbertest.connect(self.sandbox.session.address)
        self.addCleanup(other.close)
        seen = []
        other.add_signal_receiver(lambda wid: seen.append(int(wid)), signal_name='WatchFired',
                                  dbus_interface='org.gnome.Mutter.IdleMonitor')
        wid = int(self.monitor.AddIdleWatch(dbus.UInt64(100)))
        self.mutter.simulate_activity()
        self.passes(0.1)
        self.wait_for(lambda: self.count(wid) == 1, 3, 'the watch')
        self.passes()
        self.assertEqual(seen, [])

    def test_watches_of_a_client_that_leaves_are_dropped(self):
        other = limbertest.connect(self.sandbox.session.address)
        proxy = other.get_object(self.mutter.unique_name, self.mutter.path, introspect=False)
        proxy.AddIdleWatch(dbus.UInt64(1000), dbus_interface='org.gnome.Mutter.IdleMonitor')
        proxy.AddUserActiveWatch(dbus_interface='org.gnome.Mutter.IdleMonitor')
        self.assertEqual(len(self.mutter.watches()), 2)
        other.close()
        self.wait_for(lambda: self.mutter.watches() == [], 5, 'the watches to go')

    def test_reset_idletime_is_refused_as_in_mutter(self):
        with self.assertRaises(dbus.exceptions.DBusException):
            self.monitor.ResetIdletime()


if __name__ == '__main__':
    limbertest.main()
