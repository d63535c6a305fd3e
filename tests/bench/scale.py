'''The scale section of tests/bench/run: limberd with years of history.

For histories of 1k, 10k, 100k and 1M records (and as many activity spans) spread over ten
years, it measures the time from exec to the first answer (limberctl status), limberctl
history (the last 24 h), limberctl stats --days 30 and --days 365, the whole history exported
(limberctl history --json since ten years, page by page), and limberd's PSS after them; then
the ratio of the 1M figures to the 1k ones. Target: start-up and recent history within 2×.'''

import os
import statistics
import subprocess
import time

SIZES = [1_000, 10_000, 100_000, 1_000_000]
YEARS = 10
TARGET_RATIO = 2.0
KINDS = ['taken', 'logged', 'natural', 'skipped', 'snoozed']


def write_files(state_dir, n, now_us):
    '''n history records and n activity spans, evenly over YEARS years up to an hour ago.'''
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    span = YEARS * 365 * 86400 * 10**6
    start = now_us - span - 3600 * 10**6
    step = span // n
    with open(os.path.join(state_dir, 'history'), 'w') as h, \
            open(os.path.join(state_dir, 'activity'), 'w') as a:
        hl, al = [], []
        for i in range(n):
            t = start + i * step
            hl.append(f'v1\t{t}\t{KINDS[i % 5]}\t300000000\tshoulder-rolls\tbench {i}\n')
            al.append(f'v1\t{t}\tactive\t{min(step // 2, 3600 * 10**6)}\t\t\n')
            if len(hl) >= 50_000:
                h.writelines(hl)
                a.writelines(al)
                hl, al = [], []
        h.writelines(hl)
        a.writelines(al)


def timed(fn, runs):
    values = []
    for _ in range(runs):
        t0 = time.monotonic()
        fn()
        values.append((time.monotonic() - t0) * 1000)
    return statistics.median(values)


def bench_size(n, build, make_box, stop, memory_kb, runs, log):
    box = make_box()
    try:
        state = os.path.join(box.dirs['XDG_STATE_HOME'], 'limber')
        write_files(state, n, int(time.time() * 10**6))
        env = box.limber_env

        def ctl(*args, check=True):
            r = subprocess.run([build.limberctl, *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if check and r.returncode != 0:
                raise SystemExit(f'bench: limberctl {" ".join(args)} failed with {n} records: {r.stderr}')
            return r.returncode

        # Start-up to the first answer: exec, then limberctl status until it answers.
        t0 = time.monotonic()
        limberd = box.start('limberd', [build.limberd])
        while ctl('status', check=False) != 0:
            if limberd.poll() is not None or time.monotonic() - t0 > 120:
                raise SystemExit(f'bench: limberd did not answer with {n} records:\n'
                                 + box.log_text('limberd'))
        startup = (time.monotonic() - t0) * 1000

        r = {'records': n, 'startup_ms': startup}
        r['history_ms'] = timed(lambda: ctl('history'), runs)
        r['stats30_ms'] = timed(lambda: ctl('stats', '--days', '30'), runs)
        r['stats365_ms'] = timed(lambda: ctl('stats', '--days', '365'), max(3, runs // 3))
        r['export_ms'] = timed(lambda: ctl('history', '--json', '--since', f'{YEARS * 366 * 24}h'), 1)
        r['pss_kb'] = memory_kb([limberd.pid])['Pss']
        log(f'scale: {n} records: start-up {startup:.0f} ms, history {r["history_ms"]:.1f} ms')
        stop(limberd)
        return r
    finally:
        box.close()


def run(build, make_box, stop, memory_kb, runs, log, sizes=SIZES):
    return [bench_size(n, build, make_box, stop, memory_kb, runs, log) for n in sizes]


COLUMNS = [('startup_ms', 'start-up'), ('history_ms', 'history 24h'), ('stats30_ms', 'stats 30d'),
           ('stats365_ms', 'stats 365d'), ('export_ms', 'export all')]


def report(results, verdict):
    print('\nScale: history and activity of N records each over ten years (medians, ms; PSS MB)')
    print(f'  {"records":>9} ' + ' '.join(f'{label:>11}' for _, label in COLUMNS) + f' {"PSS":>7}')
    for r in results:
        print(f'  {r["records"]:>9} ' + ' '.join(f'{r[key]:>11.1f}' for key, _ in COLUMNS)
              + f' {r["pss_kb"] / 1024:>7.2f}')
    if len(results) >= 2:
        small, large = results[0], results[-1]
        ratios = {key: large[key] / max(small[key], 0.001) for key, _ in COLUMNS}
        ratios['pss_kb'] = large['pss_kb'] / max(small['pss_kb'], 1)
        print(f'  {"ratio":>9} ' + ' '.join(f'{ratios[key]:>10.2f}×' for key, _ in COLUMNS)
              + f' {ratios["pss_kb"]:>6.2f}×'
              + f'   ({large["records"]} / {small["records"]})')
        for key, label in (('startup_ms', 'start-up'), ('history_ms', 'recent history')):
            print(f'  {label} at {large["records"]} records within {TARGET_RATIO:.0f}× of '
                  f'{small["records"]}: {verdict(ratios[key] <= TARGET_RATIO)} ({ratios[key]:.2f}×)')
