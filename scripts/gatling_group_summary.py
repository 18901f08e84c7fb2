"""Medians over Gatling HTML reports of each request's p50/p95/p99, "via gateway" against "direct".

Reads the statistics table of each report's index.html (the per-request rows), pairs
"readiness user" with "direct readiness user" and so on, and prints per-run figures and medians.
"""
import re
import statistics
import sys

ROW = re.compile(r'class="ellipsed-name">([^<]+)</span>.*?'
                 r'col-8">(\d+)</td>.*?col-10">(\d+)</td>.*?col-11">(\d+)</td>', re.S)


def rows(report):
    html = open(report + "/index.html", encoding="utf-8").read()
    table = html[html.find("container_statistics_body"):] if "container_statistics_body" in html else html
    return {name.strip(): tuple(int(v) for v in values) for name, *values in ROW.findall(table)}


def main(reports):
    per_run = []
    for report in reports:
        stats = rows(report)
        gateway = [v for k, v in stats.items() if k.startswith(("readiness ", "api-docs "))]
        direct = [v for k, v in stats.items() if k.startswith("direct ")]
        if not gateway or not direct:
            sys.exit(f"{report}: no gateway/direct rows found")
        run = {}
        for label, values in (("gateway", gateway), ("direct", direct)):
            run[label] = [statistics.median(v[i] for v in values) for i in range(3)]
        per_run.append(run)
        print(f"{report}: gateway p50/p95/p99 {run['gateway']} ms, direct {run['direct']} ms")
    print()
    print("| median over %d runs (ms) | p50 | p95 | p99 |" % len(per_run))
    print("|---|---|---|---|")
    medians = {}
    for label in ("gateway", "direct"):
        medians[label] = [statistics.median(run[label][i] for run in per_run) for i in range(3)]
        print("| %s | %s |" % (label, " | ".join(f"{m:g}" for m in medians[label])))
    ratios = [g / d if d else float("inf") for g, d in zip(medians["gateway"], medians["direct"])]
    print("| gateway / direct | %s |" % " | ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main(sys.argv[1:])
