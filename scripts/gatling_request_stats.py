"""Per-request figures from Gatling HTML reports, and the comparisons the identity benchmarks need.

  gatling_request_stats.py auth REPORT...   authenticated against anonymous GET throughput (OK counts,
                                            equal phase lengths), per run and the median ratio
  gatling_request_stats.py flood REPORT...  reads during a login flood against the quiet phases, and
                                            the logins that got through, per run and medians
  gatling_request_stats.py nearby service=REPORT gateway=REPORT ...
                                            "nearby search" p50/p95/p99 per run and medians of each target,
                                            against P99_SERVICE_MS (20) and P99_GATEWAY_MS (40)
  gatling_request_stats.py by-id gateway=REPORT nginx=REPORT [direct=REPORT] ...
                                            "place by id" requests/s per run (OK count over MEASURE_SECONDS,
                                            30) and medians, gateway / nginx against MIN_RATIO (0.60)
  gatling_request_stats.py cost REPORT       GatewayCostSimulation's windows ("gateway 1", "nginx 1", ...): reads/s per
                                            window (OK count over WINDOW_SECONDS, 20), gateway / nginx per round,
                                            and their median against MIN_RATIO (0.60)

  gatling_request_stats.py clicks REPORT=ACCOUNTING-FILE ...
                                            "click via gateway" and "click via baseline" p50/p95/p99 per run
                                            and medians, against P99_CLICK_MS (15); each run's
                                            target/click-redirect.txt must show no click missing

nearby, by-id, cost and clicks exit with 3 when a target is missed or a measured request failed (after printing).
"""
import os
import re
import statistics
import sys

ROW = re.compile(r'class="ellipsed-name">([^<]+)</span>.*?col-2">(\d+)</td>.*?col-3">(\d+)</td>.*?col-4">(\d+)</td>'
                 r'.*?col-8">(\d+)</td>.*?col-10">(\d+)</td>.*?col-11">(\d+)</td>', re.S)


def stats(report):
    html = open(report + "/index.html", encoding="utf-8").read()
    table = html[html.find("container_statistics_body"):] if "container_statistics_body" in html else html
    return {m[0].strip(): dict(zip(("total", "ok", "ko", "p50", "p95", "p99"), map(int, m[1:])))
            for m in ROW.findall(table)}


def auth(reports):
    ratios = []
    print("| run | anonymous GETs | authenticated GETs | authenticated / anonymous | p99 anon / auth (ms) |")
    print("|---|---|---|---|---|")
    for n, report in enumerate(reports, 1):
        s = stats(report)
        anon, authd = s["anonymous GET"], s["authenticated GET"]
        ratio = authd["ok"] / anon["ok"]
        ratios.append(ratio)
        print(f"| {n} | {anon['ok']} | {authd['ok']} | {ratio:.3f} | {anon['p99']} / {authd['p99']} |")
    median = statistics.median(ratios)
    print(f"\nmedian throughput ratio {median:.3f}: authentication costs {100 * (1 - median):.1f} % of throughput")


def flood(reports, phase_seconds):
    read_ratios, p99s, logins = [], [], []
    print("| run | reads/s quiet | reads/s during flood | ratio | read p99 quiet / flood (ms) | logins OK/s | logins turned away |")
    print("|---|---|---|---|---|---|---|")
    for n, report in enumerate(reports, 1):
        s = stats(report)
        quiet = (s["read (quiet)"]["ok"] + s["read (quiet after)"]["ok"]) / 2 / phase_seconds
        during = s["read (during flood)"]["ok"] / phase_seconds
        p99_quiet = max(s["read (quiet)"]["p99"], s["read (quiet after)"]["p99"])
        login = s["login"]
        read_ratios.append(during / quiet)
        p99s.append((p99_quiet, s["read (during flood)"]["p99"]))
        logins.append(login["ok"] / phase_seconds)
        print(f"| {n} | {quiet:.0f} | {during:.0f} | {during / quiet:.2f} | {p99_quiet} / {s['read (during flood)']['p99']} "
              f"| {login['ok'] / phase_seconds:.1f} | {login['ko']} of {login['total']} |")
    print(f"\nmedians: reads during the flood at {statistics.median(read_ratios):.2f} of quiet throughput; "
          f"read p99 {statistics.median(p[0] for p in p99s)} ms quiet, {statistics.median(p[1] for p in p99s)} ms flooded; "
          f"{statistics.median(logins):.1f} logins/s")


def labelled(args, labels):
    """label=REPORT arguments as (label, report) pairs, in order; only the given labels."""
    runs = []
    for arg in args:
        label, sep, report = arg.partition("=")
        if not sep or label not in labels:
            sys.exit(f"expected {'|'.join(labels)}=REPORT, got {arg!r}")
        runs.append((label, report))
    return runs


def nearby(args):
    targets = {"service": int(os.environ.get("P99_SERVICE_MS", "20")),
               "gateway": int(os.environ.get("P99_GATEWAY_MS", "40"))}
    per_target = {label: [] for label in targets}
    errors = 0
    print("| run | target | searches OK | KO | p50 (ms) | p95 (ms) | p99 (ms) |")
    print("|---|---|---|---|---|---|---|")
    for n, (label, report) in enumerate(labelled(args, tuple(targets)), 1):
        s = stats(report)["nearby search"]
        per_target[label].append(s)
        errors += s["ko"]
        print(f"| {n} | {label} | {s['ok']} | {s['ko']} | {s['p50']} | {s['p95']} | {s['p99']} |")
    print()
    print("| median | runs | p50 (ms) | p95 (ms) | p99 (ms) | target p99 | |")
    print("|---|---|---|---|---|---|---|")
    missed = errors > 0
    for label, runs in per_target.items():
        if not runs:
            continue
        p50, p95, p99 = (statistics.median(r[k] for r in runs) for k in ("p50", "p95", "p99"))
        ok = p99 < targets[label]
        missed |= not ok
        print(f"| {label} | {len(runs)} | {p50:g} | {p95:g} | {p99:g} | < {targets[label]} | {'PASS' if ok else 'FAIL'} |")
    if errors:
        print(f"\nFAIL: {errors} searches failed (KO); see the reports")
    if per_target["service"] and per_target["gateway"]:
        service = statistics.median(r["p99"] for r in per_target["service"])
        gateway = statistics.median(r["p99"] for r in per_target["gateway"])
        print(f"\nthe gateway adds {gateway - service:g} ms at p99 (median p99 {gateway:g} ms against {service:g} ms direct)")
    return missed


def by_id(args, seconds):
    min_ratio = float(os.environ.get("MIN_RATIO", "0.60"))
    per_target = {"gateway": [], "nginx": [], "direct": []}
    errors = 0
    print("| run | target | reads OK | KO | reads/s | p50 / p99 (ms) |")
    print("|---|---|---|---|---|---|")
    for n, (label, report) in enumerate(labelled(args, tuple(per_target)), 1):
        s = stats(report)["place by id"]
        per_target[label].append(s["ok"] / seconds)
        errors += s["ko"]
        print(f"| {n} | {label} | {s['ok']} | {s['ko']} | {s['ok'] / seconds:.0f} | {s['p50']} / {s['p99']} |")
    medians = {label: statistics.median(v) for label, v in per_target.items() if v}
    print()
    for label, median in medians.items():
        print(f"median {label}: {median:.0f} reads/s over {len(per_target[label])} runs")
    if "gateway" not in medians or "nginx" not in medians:
        return errors > 0
    runs = min(len(per_target["gateway"]), len(per_target["nginx"]))
    paired = [g / n for g, n in zip(per_target["gateway"][:runs], per_target["nginx"][:runs]) if n]
    if paired:
        print("gateway / nginx per run: " + ", ".join(f"{r:.2f}" for r in paired))
    if "direct" in medians:
        print(f"gateway / direct: {medians['gateway'] / medians['direct']:.2f}, nginx / direct: {medians['nginx'] / medians['direct']:.2f}")
    ratio = medians["gateway"] / medians["nginx"] if medians["nginx"] else float("inf")
    ok = ratio >= min_ratio and not errors
    print(f"\ngateway / nginx: {ratio:.2f} (target >= {min_ratio:.2f}): {'PASS' if ok else 'FAIL'}"
          + (f", {errors} reads failed (KO); see the reports" if errors else ""))
    return not ok


def cost(report, seconds):
    """Rounds of adjacent windows: each round's ratios are of one stretch of the machine's time."""
    min_ratio = float(os.environ.get("MIN_RATIO", "0.60"))
    s = stats(report)
    window = re.compile(r"(gateway|nginx|direct) (\d+)$")
    rounds = {}
    errors = sum(r["ko"] for name, r in s.items() if name != "All Requests" and "(warm-up)" not in name)
    for name, r in s.items():
        found = window.match(name)
        if found:
            rounds.setdefault(int(found[2]), {})[found[1]] = r
    if not rounds:
        sys.exit(f"no gateway/nginx/direct windows in {report}")
    print("| round | gateway reads/s | nginx reads/s | direct reads/s | gateway / nginx | nginx / direct | p50 / p99 gateway, nginx (ms) |")
    print("|---|---|---|---|---|---|---|")
    ratios, nginx_direct, rates = [], [], {"gateway": [], "nginx": [], "direct": []}
    for n in sorted(rounds):
        r = rounds[n]
        rate = {t: r[t]["ok"] / seconds for t in r}
        for t, v in rate.items():
            rates[t].append(v)
        ratio = rate["gateway"] / rate["nginx"] if rate.get("nginx") else float("nan")
        ratios.append(ratio)
        if rate.get("direct"):
            nginx_direct.append(rate["nginx"] / rate["direct"])
        print(f"| {n} | {rate['gateway']:.0f} | {rate['nginx']:.0f} | {rate.get('direct', float('nan')):.0f} | {ratio:.2f} "
              f"| {rate['nginx'] / rate['direct'] if rate.get('direct') else float('nan'):.2f} "
              f"| {r['gateway']['p50']} / {r['gateway']['p99']}, {r['nginx']['p50']} / {r['nginx']['p99']} |")
    median = statistics.median(ratios)
    print()
    print("medians: " + ", ".join(f"{t} {statistics.median(v):.0f} reads/s" for t, v in rates.items() if v)
          + (f"; nginx / direct {statistics.median(nginx_direct):.2f}" if nginx_direct else ""))
    print(f"gateway / nginx per round: {', '.join(f'{r:.2f}' for r in ratios)} "
          f"(lowest {min(ratios):.2f}, highest {max(ratios):.2f}; {sum(r >= min_ratio for r in ratios)} of {len(ratios)} at {min_ratio:.2f} or more)")
    ok = median >= min_ratio and not errors
    print(f"\ngateway / nginx: {median:.2f}, the median of {len(ratios)} rounds (target >= {min_ratio:.2f}): {'PASS' if ok else 'FAIL'}"
          + (f", {errors} reads failed (KO); see the report" if errors else ""))
    return not ok


def clicks(args):
    target = int(os.environ.get("P99_CLICK_MS", "15"))
    accounting = re.compile(r"clicks redirected (\d+), counted in the report (-?\d+) \(after (\d+) s\), missing (-?\d+)")
    gateway, baseline = [], []
    failed = False
    print("| run | target | clicks OK | KO | p50 (ms) | p95 (ms) | p99 (ms) | all phases: answered 302 / counted in the report |")
    print("|---|---|---|---|---|---|---|---|")
    for n, arg in enumerate(args, 1):
        report, _, accounts = arg.partition("=")
        s = stats(report)
        found = accounting.search(open(accounts, encoding="utf-8").read())
        redirected, counted = (int(found[1]), int(found[2])) if found else (None, None)
        failed |= found is None or int(found[4]) != 0
        counts = f"{redirected} / {counted} (after {found[3]} s)" if found else "no accounting"
        for label, name, runs in (("gateway", "click via gateway", gateway), ("nginx", "click via baseline", baseline)):
            if name in s:
                r = s[name]
                runs.append(r)
                failed |= r["ko"] > 0
                print(f"| {n} | {label} | {r['ok']} | {r['ko']} | {r['p50']} | {r['p95']} | {r['p99']} | {counts} |")
    print()
    medians = {}
    for label, runs in (("gateway", gateway), ("nginx", baseline)):
        if runs:
            medians[label] = {k: statistics.median(r[k] for r in runs) for k in ("p50", "p95", "p99")}
            m = medians[label]
            print(f"median {label} over {len(runs)} runs: p50 {m['p50']:g} ms, p95 {m['p95']:g} ms, p99 {m['p99']:g} ms")
    if gateway and baseline:
        paired = [g["p99"] / b["p99"] for g, b in zip(gateway, baseline) if b["p99"]]
        if paired:
            print("p99 gateway / nginx per run: " + ", ".join(f"{r:.2f}" for r in paired)
                  + f"; median {statistics.median(paired):.2f}")
    ok = "gateway" in medians and medians["gateway"]["p99"] < target and not failed
    print(f"\nclick via gateway p99 {medians.get('gateway', {}).get('p99', float('nan')):g} ms (target < {target} ms)"
          + (", a click failed or went uncounted (see above)" if failed else "") + f": {'PASS' if ok else 'FAIL'}")
    return not ok


if __name__ == "__main__":
    modes = ("auth", "flood", "nearby", "by-id", "cost", "clicks")
    if len(sys.argv) < 3 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    if sys.argv[1] == "auth":
        auth(sys.argv[2:])
    elif sys.argv[1] == "flood":
        flood(sys.argv[2:], int(os.environ.get("PHASE_SECONDS", "20")))
    elif sys.argv[1] == "nearby":
        sys.exit(3 if nearby(sys.argv[2:]) else 0)
    elif sys.argv[1] == "cost":
        sys.exit(3 if cost(sys.argv[2], int(os.environ.get("WINDOW_SECONDS", "20"))) else 0)
    elif sys.argv[1] == "clicks":
        sys.exit(3 if clicks(sys.argv[2:]) else 0)
    else:
        sys.exit(3 if by_id(sys.argv[2:], int(os.environ.get("MEASURE_SECONDS", "30"))) else 0)
