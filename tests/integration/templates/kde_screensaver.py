'''Stand-in for Plasma's screen saver service (kscreenlocker), as a python-dbusmock template.

Plasma exports org.freedesktop.ScreenSaver at /org/freedesktop/ScreenSaver (and /ScreenSaver);
this template provides the first, with the methods limberd uses, with Plasma's semantics:

  GetSessionIdleTime() -> u ms
      Milliseconds since the last input (KIdleTime::idleTime()).
  GetActive() -> b
      Whether the screen is locked.
  SetActive(b)
      Locks (true) or unlocks; emits ActiveChanged(b) when that changes.
  Lock()
      SetActive(true).
  signal ActiveChanged(b)

It also owns org.kde.KWin, which is how limberd recognises a Plasma session; parameter
{"plasma": false} leaves that name out (org.freedesktop.ScreenSaver from another desktop).

Mock-only control methods (interface org.freedesktop.DBus.Mock):

  SetTyping()
      The user types continuously from now on: the idle time stays 0. The initial mode.
  SetIdle(t idletime_ms)
      The last input was idletime_ms ago and nothing happens since; the idle time grows with
      the clock.
  SimulateActivity()
      One input now, then nothing: SetIdle(0).
  Advance(t ms)
      ms pass at once on this service's clock (the tests' fake clock moves limberd's by as
      much): an idle user's idle time grows by ms.
'''

import time

import dbus

from dbusmock import MOCK_IFACE

BUS_NAME = 'org.freedesktop.ScreenSaver'
MAIN_OBJ = '/org/freedesktop/ScreenSaver'
MAIN_IFACE = 'org.freedesktop.ScreenSaver'
SYSTEM_BUS = False

PLASMA_NAME = 'org.kde.KWin'


def _idle_ms(self):
    if self.last_input is None:                 # typing continuously
        return 0
    return int((time.monotonic() - self.last_input) * 1000)


def _advance(self, ms):
    if self.last_input is not None:
        self.last_input -= ms / 1000.0


def _set_locked(self, locked):
    locked = bool(locked)
    if locked != self.locked:
        self.locked = locked
        self.EmitSignal(MAIN_IFACE, 'ActiveChanged', 'b', [dbus.Boolean(locked)])
    return dbus.Boolean(True)


def load(mock, parameters):
    mock.last_input = None
    mock.locked = False
    if parameters.get('plasma', True):
        # Kept for the life of the mock, like KWin's name for the life of the session.
        mock.connection.request_name(PLASMA_NAME)

    mock.AddMethods(MAIN_IFACE, [
        ('GetSessionIdleTime', '', 'u', lambda self: dbus.UInt32(_idle_ms(self))),
        ('GetActive', '', 'b', lambda self: dbus.Boolean(self.locked)),
        ('SetActive', 'b', 'b', _set_locked),
        ('Lock', '', '', lambda self: _set_locked(self, True) and None),
    ])
    mock.AddMethods(MOCK_IFACE, [
        ('SetTyping', '', '', lambda self: setattr(self, 'last_input', None)),
        ('SetIdle', 't', '', lambda self, ms: setattr(self, 'last_input', time.monotonic() - ms / 1000.0)),
        ('SimulateActivity', '', '', lambda self: setattr(self, 'last_input', time.monotonic())),
        ('Advance', 't', '', _advance),
    ])
