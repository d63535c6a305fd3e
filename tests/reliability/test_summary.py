#!/usr/bin/python3
'''GetDailySummary: per-day totals that limberd keeps of its files, always what the files say:
right at start, after records appended by limberd or by another program, after a file is
replaced by a shorter one; limberctl stats shows them.'''

import json
import os
import time

import dbus

from reliability import limbertest
from limbertest import LimberTestCase, setup, usec

KINDS = ['taken', 'logged', 'natural', 'skipped', 'snoozed']
DAY = 86400 * 10**6


def local_midnight(t_us, days=0):
    tm = time.localtime(t_us // 10**6)
    return int(time.mktime((tm.tm_year, tm.tm_mon, tm.tm_mday + days, 0, 0, 0, 0, 0, -1))) * 10**6


def expected(history, activity):
    '''{midnight: [taken, skipped, snoozed, break, active]} from the records.'''
    days = {}
    for t, kind, d in history:
        day = days.setdefault(local_midnight(t), [0, 0, 0, 0, 0])
        if kind in ('taken', 'logged', 'natural'):
            day[0] += 1
            day[3] += d
        elif kind == 'skipped':
            day[1] += 1
        else:
            day[2] += 1
    for t, d in activity:
        end = t + d
        while t < end:
            start, nxt = local_midnight(t), local_midnight(t, 1)
            day = days.setdefault(start, [0, 0, 0, 0, 0])
            day[4] += min(end, nxt) - t
            t = nxt
    return days


class TestSummary(LimberTestCase):
    def write(self, name, lines):
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        with open(os.path.join(self.sandbox.state_dir, name), 'w') as f:
            f.writelines(lines)

    def summary(self, since, until):
        rows = self.call('GetDailySummary', 'tt', dbus.UInt64(since), dbus.UInt64(until))
        return {r[0]: list(r[1:]) for r in rows}

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_summary_follows_the_files(self):
        now = limbertest.realtime_usec()
        first = local_midnight(now, -9)
        # Ten days of records, a clock set back among them, spans across midnight.
        history = [(first + i * 3 * 3600 * 10**6, KINDS[i % 5], 60 * 10**6) for i in range(75)]
        history.insert(40, (first + 3600 * 10**6, 'logged', 120 * 10**6))
        activity = [(local_midnight(now, -d) - 1800 * 10**6, 3600 * 10**6) for d in range(1, 9)]
        self.write('history', [f'v1\t{t}\t{k}\t{d}\t\t\n' for t, k, d in history])
        self.write('activity', [f'v1\t{t}\tactive\t{d}\t\t\n' for t, d in activity])
        self.start_daemon()
        until = local_midnight(now, -1)     # today's open span left out
        want = {k: v for k, v in expected(history, activity).items() if first <= k < until}
        self.assertEqual(self.summary(first, until), want)

        # Appended by another program: read at the next query.
        extra = (local_midnight(now, -2) + 5 * 3600 * 10**6, 'natural', 300 * 10**6)
        with open(os.path.join(self.sandbox.state_dir, 'history'), 'a') as f:
            f.write(f'v1\t{extra[0]}\t{extra[1]}\t{extra[2]}\t\t\n')
        history.append(extra)
        want = {k: v for k, v in expected(history, activity).items() if first <= k < until}
        self.assertEqual(self.summary(first, until), want)

        # Replaced by a shorter file: read again.
        history = history[:10]
        self.write('history', [f'v1\t{t}\t{k}\t{d}\t\t\n' for t, k, d in history])
        want = {k: v for k, v in expected(history, activity).items() if first <= k < until}
        self.assertEqual(self.summary(first, until), want)

        # limberd's own record, and limberctl stats showing the same.
        self.call('LogBreak', 'ts', usec(60), 'now')
        today = self.summary(local_midnight(now), 0)
        self.assertEqual(today[local_midnight(now)][0], 1)
        stats = json.loads(self.assert_ctl('stats', '--days', '10', '--json').stdout)
        want = self.summary(first, 0)
        self.assertEqual(stats['total']['breaks_taken'], sum(v[0] for v in want.values()), stats)
        self.assertEqual(stats['total']['breaks_skipped'], sum(v[1] for v in want.values()), stats)

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_built_in_slices(self):
        '''A history longer than a slice: the first calls wait for the summary, limberd
        answers other calls meanwhile, and every call gets the whole count.'''
        now = limbertest.realtime_usec()
        first = local_midnight(now, -29)
        history = [(first + i * 50 * 10**6, KINDS[i % 5], 60 * 10**6) for i in range(50_000)]
        self.write('history', [f'v1\t{t}\t{k}\t{d}\t\t\n' for t, k, d in history])
        self.write('activity', [])
        self.start_daemon()
        until = local_midnight(now, 1)
        want = {k: v for k, v in expected(history, []).items() if first <= k < until}
        replies = []
        for _ in range(2):
            self.conn.call_async(limbertest.BUS_NAME, limbertest.OBJECT_PATH, limbertest.INTERFACE,
                                 'GetDailySummary', 'tt', (dbus.UInt64(first), dbus.UInt64(until)),
                                 lambda rows: replies.append({r[0]: [int(x) for x in r[1:]] for r in rows}),
                                 lambda e: replies.append(e), timeout=120)
        self.assertIn(self.prop('State'), limbertest.STATES)
        self.wait_for(lambda: len(replies) == 2, 60, 'both GetDailySummary replies')
        self.maxDiff = None
        for got in replies:
            # Today's day holds the span counted now, and no record.
            self.assertEqual({k: v[:4] for k, v in got.items() if any(v[:4])}, {k: v[:4] for k, v in want.items()})


if __name__ == '__main__':
    limbertest.main()
