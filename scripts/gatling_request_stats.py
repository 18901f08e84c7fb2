"""Per-request figures from Gatling HTML reports, and the comparisons the identity benchmarks need.

  gatling_request_stats.py auth REPORT...   authenticated against anonymous GET throughput (OK counts,
                                            equal phase lengths), per run and the median ratio
  gatling_request_stats.py flood REPORT...  reads during a login flood against the quiet phases, and
                                            the logins that got through, per run and medians
"""
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


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("auth", "flood"):
        sys.exit(__doc__)
    if sys.argv[1] == "auth":
        auth(sys.argv[2:])
    else:
        flood(sys.argv[2:], int(__import__("os").environ.get("PHASE_SECONDS", "20")))
