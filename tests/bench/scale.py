'''The scale section of tests/bench/run: limberd with years of history.

For histories of 1k, 10k, 100k and 1M records (and as many activity spans) spread over ten
years, it measures the time from exec to the first answer (limberctl status), limberctl
history (the last 24 h), limberctl stats --days 30 and --days 365, the whole history exported
(limberctl history --json since ten years, page by page), and limberd's PSS after them; then
the ratio of the 1M figures to the 1k ones, and the PSS a few seconds later. Targets: start-up,
recent history and stats --days 365 within 2×; PSS back under 1.5 MB.'''

import os
import statistics
import subprocess
import time

SIZES = [1_000, 10_000, 100_000, 1_000_000]
YEARS = 10
TARGET_RATIO = 2.0
TARGET_PSS_KB = 1536        # limberd's PSS a few seconds after any query
PSS_SETTLE = 4
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
        limberd = box.start('limberd', [build.limberd], env=box.limber_env)
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
        time.sleep(PSS_SETTLE)      # limberd hands a large reply's heap back within seconds
        r['pss_settled_kb'] = memory_kb([limberd.pid])['Pss']
        log(f'scale: {n} records: start-up {startup:.0f} ms, history {r["history_ms"]:.1f} ms')
        stop(limberd)
        # Started again: limberd kept what it learnt of its files' order (a first start after
        # another program wrote them reads them once).
        limberd, r['restart_ms'] = start_and_answer(build, box, f'{n} records, again')
        stop(limberd)
        return r
    finally:
        box.close()


def start_and_answer(build, box, n_what):
    '''Starts limberd; returns it and the ms from exec to the first answer of limberctl status.'''
    t0 = time.monotonic()
    limberd = box.start('limberd', [build.limberd], env=box.limber_env)
    while subprocess.run([build.limberctl, 'status'], env=box.limber_env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL).returncode != 0:
        if limberd.poll() is not None or time.monotonic() - t0 > 300:
            raise SystemExit(f'bench: limberd did not answer with {n_what}:\n' + box.log_text('limberd'))
    return limberd, (time.monotonic() - t0) * 1000


def bench_worst_cases(build, make_box, stop, log):
    '''The two inputs the issue found quadratic: 100k history records in reverse order (read
    whole by limberctl history), and 50k exercise drop-ins (loaded at start).'''
    out = {}
    box = make_box()
    try:
        state = os.path.join(box.dirs['XDG_STATE_HOME'], 'limber')
        os.makedirs(state, mode=0o700)
        now = int(time.time() * 10**6)
        with open(os.path.join(state, 'history'), 'w') as f:
            f.writelines(f'v1\t{now - 3600 * 10**6 - i * 10**6}\tlogged\t60000000\t\treversed {i}\n'
                         for i in range(100_000))
        limberd, _ = start_and_answer(build, box, 'reversed records')
        t0 = time.monotonic()
        subprocess.run([build.limberctl, 'history', '--json', '--since', '48h'], env=box.limber_env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out['reversed_ms'] = (time.monotonic() - t0) * 1000
        stop(limberd)
    finally:
        box.close()
    box = make_box()
    try:
        dropins = os.path.join(box.dirs['XDG_CONFIG_HOME'], 'limber', 'exercises.d')
        os.makedirs(dropins)
        for i in range(50_000):
            with open(os.path.join(dropins, f'{i:05}.ini'), 'w') as f:
                f.write(f'[bench-{i}]\nname = Bench {i}\nposture = seated\ndose = 5 times\nstep = Move.\n')
        limberd, out['dropins_ms'] = start_and_answer(build, box, '50,000 drop-ins')
        listed = subprocess.run([build.limberctl, 'exercises', '--json'], env=box.limber_env,
                                capture_output=True, text=True).stdout.count('"bench-')
        if listed != 50_000:
            log(f'scale: limberd lists {listed} of the 50,000 drop-ins')
        stop(limberd)
    finally:
        box.close()
    log(f'scale: 100k reversed records read in {out["reversed_ms"]:.0f} ms, '
        f'50k drop-ins loaded in {out["dropins_ms"]:.0f} ms')
    return out


def run(build, make_box, stop, memory_kb, runs, log, sizes=SIZES):
    results = [bench_size(n, build, make_box, stop, memory_kb, runs, log) for n in sizes]
    return {'sizes': results, 'worst': bench_worst_cases(build, make_box, stop, log)}


COLUMNS = [('startup_ms', 'start-up'), ('restart_ms', 'restart'), ('history_ms', 'history 24h'), ('stats30_ms', 'stats 30d'),
           ('stats365_ms', 'stats 365d'), ('export_ms', 'export all')]


def report(run_results, verdict):
    results = run_results['sizes']
    worst = run_results['worst']
    print('\nScale: history and activity of N records each over ten years (medians, ms; PSS MB)')
    print(f'  {"records":>9} ' + ' '.join(f'{label:>11}' for _, label in COLUMNS) + f' {"PSS":>7}'
          + f' {"PSS " + str(PSS_SETTLE) + " s on":>10}')
    for r in results:
        print(f'  {r["records"]:>9} ' + ' '.join(f'{r[key]:>11.1f}' for key, _ in COLUMNS)
              + f' {r["pss_kb"] / 1024:>7.2f} {r["pss_settled_kb"] / 1024:>10.2f}')
    if len(results) >= 2:
        small, large = results[0], results[-1]
        ratios = {key: large[key] / max(small[key], 0.001) for key, _ in COLUMNS}
        ratios['pss_kb'] = large['pss_kb'] / max(small['pss_kb'], 1)
        print(f'  {"ratio":>9} ' + ' '.join(f'{ratios[key]:>10.2f}×' for key, _ in COLUMNS)
              + f' {ratios["pss_kb"]:>6.2f}×'
              + f'   ({large["records"]} / {small["records"]})')
        for key, label in (('startup_ms', 'first start-up'), ('restart_ms', 'start-up again'),
                           ('history_ms', 'recent history'),
                           ('stats365_ms', 'stats --days 365')):
            print(f'  {label} at {large["records"]} records within {TARGET_RATIO:.0f}× of '
                  f'{small["records"]}: {verdict(ratios[key] <= TARGET_RATIO)} ({ratios[key]:.2f}×)')
    worst_pss = max(r['pss_settled_kb'] for r in results)
    print(f'  PSS {PSS_SETTLE} s after the queries under {TARGET_PSS_KB / 1024:.1f} MB: '
          f'{verdict(worst_pss <= TARGET_PSS_KB)} ({worst_pss / 1024:.2f} MB at most)')
    print(f'  100k records in reverse time order, read whole (limberctl history --json): '
          f'{worst["reversed_ms"]:.0f} ms (was 6.4 s, quadratic)')
    print(f'  50k exercise drop-ins, start to first answer: {worst["dropins_ms"]:.0f} ms (was 8.5 s)')
