#!/usr/bin/python3
'''What limber counts is true: one absence is one break (a log overlapping a break already
recorded is refused, saying so), and the bound on a logged break survives a restart (it
comes from the records, not from this run's memory).'''

from reliability import limbertest
from limbertest import INVALID_ARGS, LimberTestCase, setup, usec

NATURAL = {'schedule': {'interval': '1h', 'natural-break': '3s', 'idle-after': '1s'}}


class TestCounts(LimberTestCase):
    @setup(config=NATURAL)
    def test_natural_then_log(self):
        self.wait_prop('ActiveUsec', lambda v: v >= usec(5), 20, 'active time before the absence')
        self.mutter.simulate_activity()                 # the last input, then nothing
        self.wait_prop('Idle', lambda v: v is True)
        # The natural break is reached when the count is reset.
        self.wait_prop('ActiveUsec', lambda v: v == 0, 20, 'the natural break')
        self.mutter.set_active()
        self.wait_history(lambda r: r['kind'] == 'natural')
        name, text = self.dbus_error('LogBreak', 'ts', usec(3), 'the same absence')
        self.assertEqual(name, INVALID_ARGS)
        self.assertIn('already recorded', text)
        self.assertEqual([r['kind'] for r in self.history()], ['natural'])
        self.assertEqual(self.prop('BreaksToday'), 1)
        r = self.ctl('log', '5m')
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn('already recorded', r.stderr)
        self.assertEqual(self.prop('BreaksToday'), 1)

    @setup(config={'schedule': {'interval': '1h'}})
    def test_log_bound_after_restart(self):
        self.wait_prop('ActiveUsec', lambda v: v >= usec(1), 20, 'some active time')
        self.restart_daemon()
        self.assertIs(self.prop('Idle'), False)
        for length in ('10m', '1h', '23h'):
            r = self.ctl('log', length)
            self.assertNotEqual(r.returncode, 0, f'log {length} accepted after a restart: {r.stdout}')
            self.assertIn('at the computer', r.stderr)
        self.assertEqual(self.history(), [])
        self.assertEqual(self.prop('BreaksToday'), 0)


if __name__ == '__main__':
    limbertest.main()
