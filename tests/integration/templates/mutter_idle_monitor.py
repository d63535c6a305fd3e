'''Stand-in for GNOME Shell's idle monitor, as a python-dbusmock template.

GNOME Shell (mutter) exports org.gnome.Mutter.IdleMonitor on the session bus; this template
provides the same bus name, object, interface, methods and signal with the same semantics:

  AddIdleWatch(t interval_ms) -> u id
      WatchFired(id) is sent each time the idle time reaches interval_ms (once per idle
      period; after the next input event it can fire again). The watch stays registered.
      A watch added while the idle time is already past its interval fires at once.
  AddUserActiveWatch() -> u id
      WatchFired(id) is sent on the next input event; the watch is then removed.
  RemoveWatch(u id)
      Unknown ids are ignored, as in mutter.
  GetIdletime() -> t ms
  ResetIdletime()
      Refused unless MUTTER_DEBUG_RESET_IDLETIME is set, as in mutter.
  signal WatchFired(u id)
      Sent only to the client that added the watch (mutter emits it with that
      destination). A client's watches are dropped when it leaves the bus.

Watch ids start at 1 and are never reused. WatchFired is always sent after the reply that
returned the id.

Mock-only control methods (interface org.freedesktop.DBus.Mock):

  SetActive()
      The user types continuously from now on: an input event happens now and the idle
      time stays 0 until SetIdle() or SimulateActivity(). User-active watches added
      meanwhile fire at the next "keystroke" (after KEYSTROKE_MS). This is the initial mode.
  SetIdle(t idletime_ms)
      The last input event was idletime_ms ago and nothing happens since; the idle time then
      grows with the clock. If the idle time was larger before, an input event happened in
      between (user-active watches fire, idle watches re-arm). Idle watches whose interval
      has been reached fire now, the others when the idle time reaches them.
  SimulateActivity()
      One input event now, then nothing: same as SetIdle(0).
  Advance(t ms)
      ms pass at once on this monitor's clock (the tests' fake clock moves limberd's by as
      much): an idle user's idle time grows by ms, and idle watches it reaches fire now.
  GetWatches() -> a(ustbs)
      (id, kind "idle"/"user-active", interval_ms, fired in this idle period, owner).
'''

import os
import time

import dbus
import dbus.lowlevel
from gi.repository import GLib

from dbusmock import MOCK_IFACE

BUS_NAME = 'org.gnome.Mutter.IdleMonitor'
MAIN_OBJ = '/org/gnome/Mutter/IdleMonitor/Core'
MAIN_IFACE = 'org.gnome.Mutter.IdleMonitor'
SYSTEM_BUS = False

KEYSTROKE_MS = 100
_passed_ms = 0              # Advance(): time made to pass on top of the real clock


def _now_ms():
    return time.monotonic() * 1000.0 + _passed_ms


class _Watch:
    def __init__(self, wid, kind, interval, owner):
        self.id = wid
        self.kind = kind            # 'idle' or 'user-active'
        self.interval = interval    # ms, 0 for user-active watches
        self.owner = owner          # unique bus name of the client
        self.fired = False          # idle watches: fired in the current idle period
        self.source = 0             # pending GLib source id, 0 = none


class _Monitor:
    def __init__(self, mock):
        self.mock = mock
        self.watches = {}
        self.next_id = 1
        self.active = True          # continuous typing: idle time held at 0
        self.last_event = _now_ms()

    # ---- time ----
    def idletime(self):
        if self.active:
            return 0
        return max(0, int(_now_ms() - self.last_event))

    # ---- signals ----
    def send_fired(self, watch):
        sig = dbus.lowlevel.SignalMessage(MAIN_OBJ, MAIN_IFACE, 'WatchFired')
        sig.append(dbus.UInt32(watch.id), signature='u')
        if watch.owner:
            sig.set_destination(watch.owner)
        for location in self.mock.locations:
            location[0].send_message(sig)
        self.mock.log(f'emit WatchFired({watch.id}) to {watch.owner}')

    # ---- scheduling ----
    def cancel(self, watch):
        if watch.source:
            GLib.source_remove(watch.source)
            watch.source = 0

    def arm(self, watch):
        '''(Re)schedule a watch according to the current mode.'''
        self.cancel(watch)
        if watch.kind == 'idle':
            if self.active or watch.fired:
                return
            delay = max(0, int(round(self.last_event + watch.interval - _now_ms())))
            watch.source = GLib.timeout_add(delay, self.on_idle_timeout, watch.id)
        elif self.active:
            # the next keystroke of a user who keeps typing
            watch.source = GLib.timeout_add(KEYSTROKE_MS, self.on_keystroke, watch.id)

    def on_idle_timeout(self, wid):
        watch = self.watches.get(wid)
        if watch is None:
            return False
        watch.source = 0
        if self.active or watch.fired:
            return False
        if self.idletime() < watch.interval:   # woke a little early: wait for the rest
            self.arm(watch)
            return False
        watch.fired = True
        self.send_fired(watch)
        return False

    def on_keystroke(self, wid):
        watch = self.watches.get(wid)
        if watch is not None:
            watch.source = 0
            self.input_event()
        return False

    def input_event(self):
        '''An input event now: user-active watches fire and go, idle watches re-arm.'''
        self.last_event = _now_ms()
        for watch in sorted(self.watches.values(), key=lambda w: w.id):
            if watch.kind == 'user-active':
                self.cancel(watch)
                del self.watches[watch.id]
                self.send_fired(watch)
            else:
                watch.fired = False
        for watch in self.watches.values():
            self.arm(watch)

    # ---- watch management ----
    def add(self, kind, interval, owner):
        watch = _Watch(self.next_id, kind, interval, owner)
        self.next_id += 1
        self.watches[watch.id] = watch
        # Fire only from the main loop, so that the reply with the id goes out first.
        self.arm(watch)
        return watch.id

    def remove(self, wid):
        watch = self.watches.pop(wid, None)
        if watch is not None:
            self.cancel(watch)

    def drop_owner(self, owner):
        for wid in [w.id for w in self.watches.values() if w.owner == owner]:
            self.remove(wid)


def _monitor(mock):
    return mock.idle_monitor


@dbus.service.signal(MAIN_IFACE, signature='u')
def _watch_fired_signal(self, id):  # pylint: disable=redefined-builtin
    '''Only for introspection; _Monitor.send_fired() sends the signal to the watch's owner.'''


def load(mock, parameters):
    mock.idle_monitor = _Monitor(mock)
    # dbusmock leaves template signals out of Introspect(); list WatchFired like mutter does.
    _watch_fired_signal.__name__ = 'WatchFired'
    _watch_fired_signal._dbus_member_name = 'WatchFired'  # pylint: disable=protected-access
    mock.methods.setdefault(MAIN_IFACE, {})['WatchFired'] = ('u', '', '', _watch_fired_signal)

    def name_owner_changed(name, old, new):
        if name.startswith(':') and old and not new:
            mock.idle_monitor.drop_owner(str(name))

    mock.connection.add_signal_receiver(name_owner_changed,
                                        signal_name='NameOwnerChanged',
                                        dbus_interface='org.freedesktop.DBus',
                                        bus_name='org.freedesktop.DBus',
                                        path='/org/freedesktop/DBus')


#
# The interface GNOME Shell provides
#

@dbus.service.method(MAIN_IFACE, in_signature='t', out_signature='u', sender_keyword='sender')
def AddIdleWatch(self, interval, sender=None):
    return dbus.UInt32(_monitor(self).add('idle', int(interval), sender))


@dbus.service.method(MAIN_IFACE, in_signature='', out_signature='u', sender_keyword='sender')
def AddUserActiveWatch(self, sender=None):
    return dbus.UInt32(_monitor(self).add('user-active', 0, sender))


@dbus.service.method(MAIN_IFACE, in_signature='u', out_signature='')
def RemoveWatch(self, wid):
    _monitor(self).remove(int(wid))


@dbus.service.method(MAIN_IFACE, in_signature='', out_signature='t')
def GetIdletime(self):
    return dbus.UInt64(_monitor(self).idletime())


@dbus.service.method(MAIN_IFACE, in_signature='', out_signature='')
def ResetIdletime(self):
    if not os.environ.get('MUTTER_DEBUG_RESET_IDLETIME'):
        raise dbus.exceptions.DBusException(
            'This method is for testing purposes only. MUTTER_DEBUG_RESET_IDLETIME must be set to use it!',
            name='org.freedesktop.DBus.Error.AccessDenied')
    _monitor(self).input_event()


#
# Mock-only controls
#

@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='')
def SetActive(self):
    mon = _monitor(self)
    mon.active = True
    mon.input_event()


@dbus.service.method(MOCK_IFACE, in_signature='t', out_signature='')
def SetIdle(self, idletime):
    mon = _monitor(self)
    idletime = int(idletime)
    if mon.active or idletime < mon.idletime():
        # input happened since the idle time was larger (or the user was typing)
        mon.active = False
        mon.input_event()
    mon.active = False
    mon.last_event = _now_ms() - idletime
    for watch in mon.watches.values():
        mon.arm(watch)


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='')
def SimulateActivity(self):
    SetIdle(self, 0)


@dbus.service.method(MOCK_IFACE, in_signature='t', out_signature='')
def Advance(self, ms):
    global _passed_ms
    _passed_ms += int(ms)
    mon = _monitor(self)
    for watch in list(mon.watches.values()):
        if watch.kind == 'idle':
            mon.arm(watch)


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='a(ustbs)')
def GetWatches(self):
    return dbus.Array([(dbus.UInt32(w.id), w.kind, dbus.UInt64(w.interval), w.fired, w.owner or '')
                       for w in sorted(_monitor(self).watches.values(), key=lambda w: w.id)],
                      signature='(ustbs)')
