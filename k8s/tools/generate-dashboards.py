#!/usr/bin/env python3
"""Writes City Explorer's Grafana dashboards (Grafana 11, schemaVersion 39):

    k8s/helm/city-explorer/charts/observability/dashboards/overview.json
    k8s/helm/city-explorer/charts/observability/dashboards/<service>.json   (the gateway and the six services)

The seven per-service dashboards come from one template (service_dashboard) so they cannot drift apart; the
services differ only in the SERVICES table. The generated files are committed: edit this script and run it
again (python3 k8s/tools/generate-dashboards.py), never the JSON.

The same files are mounted by Kubernetes' Grafana (ConfigMaps of the observability subchart) and by the
local docker-compose Grafana. So every main panel filters on the `application` label the services put on
all their series, and the namespace/pod/instance variables default to All (regex .*, which also matches a
series without that label). Panels under "Kubernetes" read kube-state-metrics and cAdvisor and stay empty
outside a cluster.
"""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "helm" / "city-explorer" / "charts" / "observability" / "dashboards"

# Consumer groups are documented in docs/events.md; "extras" adds panels of the service's own metrics.
SERVICES = {
    # The gateway signs identity tokens; the services verify them.
    "gateway-service": {"title": "Gateway", "datastores": False, "verifiesIdentity": False, "groups": [], "extras": "gateway"},
    "user-service": {"title": "Users and sessions", "groups": ["user-service"]},
    "city-service": {"title": "Cities", "groups": []},
    "place-service": {"title": "Places", "groups": ["place-service"], "extras": "place"},
    "itinerary-service": {"title": "Itineraries", "groups": ["itinerary-service"]},
    "review-service": {"title": "Reviews", "groups": ["review-service", "review-service-ratings"], "extras": "review"},
    "affiliate-service": {
        "title": "Affiliate",
        "groups": ["affiliate-service", "affiliate-service-clicks", "affiliate-service-jobs"],
        "extras": "affiliate",
    },
}
APPS_REGEX = "|".join(SERVICES)
DS = {"type": "prometheus", "uid": "${datasource}"}
# Probes and scrapes are not traffic.
HTTP = 'uri!~"/actuator.*"'


# ------------------------------------------------------------------------------------------------ panels
class Layout:
    """Places panels left to right, wrapping at Grafana's 24 columns."""

    def __init__(self):
        self.panels, self.x, self.y, self.row_h, self.next_id = [], 0, 0, 0, 1

    def _id(self):
        self.next_id += 1
        return self.next_id - 1

    def row(self, title):
        self._newline()
        self.panels.append({"type": "row", "title": title, "id": self._id(), "collapsed": False,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.y += 1

    def _newline(self):
        if self.x:
            self.y += self.row_h
            self.x, self.row_h = 0, 0

    def add(self, panel, w=12, h=8):
        if self.x + w > 24:
            self._newline()
        panel["id"] = self._id()
        panel["gridPos"] = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.panels.append(panel)
        self.x += w
        self.row_h = max(self.row_h, h)


def target(expr, legend="", ref="A", instant=False):
    return {"datasource": DS, "editorMode": "code", "expr": expr, "legendFormat": legend or "__auto",
            "range": not instant, "instant": instant, "refId": ref}


def targets(*queries):
    return [target(q[0], q[1] if len(q) > 1 else "", chr(ord("A") + i)) for i, q in enumerate(queries)]


def thresholds(*steps):
    """steps: (value, color) after the base green."""
    return {"mode": "absolute", "steps": [{"color": "green", "value": None}]
            + [{"color": c, "value": v} for v, c in steps]}


def timeseries(title, queries, unit="short", description="", stack=False, min0=True, steps=(), overrides=None,
               bars=False):
    custom = {
        "drawStyle": "bars" if bars else "line", "lineWidth": 1, "fillOpacity": 60 if bars else 10,
        "gradientMode": "none", "showPoints": "never", "spanNulls": False, "axisBorderShow": False,
        "stacking": {"mode": "normal" if stack else "none", "group": "A"},
        "thresholdsStyle": {"mode": "line" if steps else "off"},
    }
    defaults = {"unit": unit, "color": {"mode": "palette-classic"}, "custom": custom, "thresholds": thresholds(*steps)}
    if min0:
        defaults["min"] = 0
    return {
        "type": "timeseries", "title": title, "description": description, "datasource": DS,
        "fieldConfig": {"defaults": defaults, "overrides": overrides or []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom", "showLegend": True,
                               "calcs": ["mean", "max", "lastNotNull"]},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": targets(*queries),
    }


def stat(title, expr, unit="short", description="", steps=(), decimals=None):
    defaults = {"unit": unit, "color": {"mode": "thresholds"}, "thresholds": thresholds(*steps), "noValue": "0"}
    if decimals is not None:
        defaults["decimals"] = decimals
    return {
        "type": "stat", "title": title, "description": description, "datasource": DS,
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                    "colorMode": "background", "graphMode": "area", "justifyMode": "auto", "orientation": "auto",
                    "textMode": "auto", "wideLayout": True, "showPercentChange": False},
        "targets": [target(expr)],
    }


def dashed(regex):
    """Field override: series whose name matches regex are drawn dashed, without fill (limits, maxima)."""
    return {"matcher": {"id": "byRegexp", "options": regex},
            "properties": [{"id": "custom.lineStyle", "value": {"dash": [10, 10], "fill": "dash"}},
                           {"id": "custom.fillOpacity", "value": 0}, {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}]}


# --------------------------------------------------------------------------------------------- variables
def datasource_var():
    return {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
            "current": {}, "hide": 0, "includeAll": False, "multi": False, "options": [], "refresh": 1,
            "regex": "", "skipUrlSync": False}


def query_var(name, label, query):
    return {"name": name, "label": label, "type": "query", "datasource": DS, "definition": query,
            "query": {"qryType": 1, "query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
            # All = .*: also matches series without the label (docker-compose has no namespace or pod).
            "includeAll": True, "allValue": ".*", "multi": True,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
            "hide": 0, "options": [], "refresh": 2, "regex": "", "skipUrlSync": False, "sort": 1}


def dashboard(uid, title, tags, variables, layout, description):
    return {
        "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                  "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)",
                                  "name": "Annotations & Alerts", "type": "dashboard"}]},
        "description": description,
        "editable": True,
        "fiscalYearStartMonth": 0,
        "graphTooltip": 1,
        "id": None,
        "links": [{"asDropdown": True, "icon": "external link", "includeVars": True, "keepTime": True,
                   "tags": ["city-explorer"], "targetBlank": False, "title": "City Explorer", "tooltip": "",
                   "type": "dashboards", "url": ""}],
        "panels": layout.panels,
        "refresh": "30s",
        "schemaVersion": 39,
        "tags": tags,
        "templating": {"list": variables},
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "title": title,
        "uid": uid,
        "version": 1,
        "weekStart": "",
    }


# ---------------------------------------------------------------------------------- per-service template
def service_dashboard(app, cfg):
    sel = f'application="{app}", namespace=~"$namespace", pod=~"$pod", instance=~"$instance"'
    http = f"{sel}, {HTTP}"
    kube = f'namespace=~"$namespace", pod=~"$pod", container="{app}"'
    hpa = f'namespace=~"$namespace", horizontalpodautoscaler=~"(keda-hpa-)?{app}"'
    ri = "$__rate_interval"
    L = Layout()

    L.row("Traffic")
    L.add(stat("Requests/s", f"sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "reqps",
               "All instances, actuator endpoints excluded."), w=6, h=4)
    L.add(stat("5xx ratio", f'sum(rate(http_server_requests_seconds_count{{{http}, status=~"5.."}}[{ri}])) '
                            f"/ sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "percentunit",
               "Alert HighErrorRate: 1% warning, 5% critical.", steps=((0.01, "orange"), (0.05, "red")), decimals=2),
          w=6, h=4)
    L.add(stat("p99 latency", f"histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{{{http}}}[{ri}])))",
               "s", "Alert HighLatencyP99 at 500 ms.", steps=((0.25, "orange"), (0.5, "red"))), w=6, h=4)
    L.add(stat("Instances", f"count(process_uptime_seconds{{{sel}}})", "none",
               "Instances whose metrics arrive."), w=6, h=4)
    L.add(timeseries("Requests/s by status", [(f"sum by (status) (rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "{{status}}")],
                     "reqps", "Answers per second by HTTP status.", stack=True))
    L.add(timeseries("5xx ratio", [(f'sum(rate(http_server_requests_seconds_count{{{http}, status=~"5.."}}[{ri}])) '
                                   f"/ sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "5xx")],
                     "percentunit", "Failed answers / all answers. Lines: warning (1%) and critical (5%).",
                     steps=((0.01, "orange"), (0.05, "red"))))
    L.add(timeseries("Latency p50 / p95 / p99", [
        (f"histogram_quantile({q}, sum by (le) (rate(http_server_requests_seconds_bucket{{{http}}}[{ri}])))", f"p{int(q * 100)}")
        for q in (0.5, 0.95, 0.99)], "s", "From the summed histogram buckets of all instances.", steps=((0.5, "red"),)))
    L.add(timeseries("Slowest endpoints (p95)", [
        (f"topk(8, histogram_quantile(0.95, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket{{{http}}}[{ri}]))))",
         "{{method}} {{uri}}")], "s", "The eight endpoints with the highest p95."))
    L.add(timeseries("Busiest endpoints", [
        (f"topk(8, sum by (method, uri) (rate(http_server_requests_seconds_count{{{http}}}[{ri}])))", "{{method}} {{uri}}")],
        "reqps", "The eight endpoints with the most requests."))
    L.add(timeseries("Requests/s vs. same time last week", [
        (f"sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "now"),
        (f"sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}] offset 1w))", "last week"),
        (f"sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}] offset 1d))", "yesterday")],
        "reqps", "Alerts TrafficAnomalyLow/High compare with the hour around this time last week.",
        overrides=[dashed("last week|yesterday")]))
    if cfg.get("verifiesIdentity", True):
        L.add(timeseries("Identity tokens refused", [
            (f"sum by (reason) (rate(ce_security_authentication_failures_total{{{sel}}}[{ri}]))", "{{reason}}")],
            "ops", "Identity tokens this service refused, by reason. A gateway's own are never refused: a rise is a key "
                   "mismatch (a rotation done in the wrong order) or tokens no gateway signed. Alert IdentityTokensRefused.",
            stack=True), w=24, h=6)

    extras = cfg.get("extras")
    if extras == "gateway":
        L.row("Edge: rate limits, circuit breakers, upstreams")
        L.add(timeseries("Rate-limit rejections by tier", [
            (f"sum by (tier) (rate(ce_gateway_rate_limit_rejected_total{{{sel}}}[{ri}]))", "{{tier}}")],
            "reqps", "Requests refused with 429, per tier.", stack=True))
        L.add(timeseries("Rate-limit store unavailable", [
            (f"sum(rate(ce_gateway_rate_limit_unavailable_total{{{sel}}}[{ri}]))", "let through unlimited")],
            "reqps", "Requests let through without a limit because Redis did not answer in time (fail open). "
                     "Alert RateLimitStoreUnavailable."))
        L.add(timeseries("Circuit breakers not closed", [
            (f'max by (name, state) (resilience4j_circuitbreaker_state{{{sel}, state!="closed"}}) > 0', "{{name}} {{state}}")],
            "none", "One line per route whose breaker is open or half-open on some instance. Alert CircuitBreakerOpen.",
            bars=True))
        L.add(timeseries("Circuit breaker failure rate", [
            (f"max by (name) (resilience4j_circuitbreaker_failure_rate{{{sel}}}) >= 0", "{{name}}")],
            "percent", "Failed calls per route in the breaker's sliding window (-1 = not enough calls yet, hidden)."))
        L.add(timeseries("Upstream latency p95 by route", [
            (f"histogram_quantile(0.95, sum by (le, routeId) (rate(spring_cloud_gateway_requests_seconds_bucket{{{sel}}}[{ri}])))",
             "{{routeId}}")], "s", "Time the gateway waited for the service, per route."))
        L.add(timeseries("Upstream latency p99 by route", [
            (f"histogram_quantile(0.99, sum by (le, routeId) (rate(spring_cloud_gateway_requests_seconds_bucket{{{sel}}}[{ri}])))",
             "{{routeId}}")], "s"))
        L.add(timeseries("Upstream requests by route and status", [
            (f"sum by (routeId, status) (rate(spring_cloud_gateway_requests_seconds_count{{{sel}}}[{ri}]))", "{{routeId}} {{status}}")],
            "reqps", "", stack=True), w=24)
    elif extras == "affiliate":
        L.row("Clicks and jobs")
        L.add(timeseries("Click journal backlog", [
            (f"sum by (pod, instance) (ce_journal_backlog_bytes{{{sel}}})", "{{pod}} {{instance}}")],
            "bytes", "Journalled clicks not yet acknowledged by Kafka, per instance slot. Alert ClickJournalBacklog.",
            stack=True))
        L.add(timeseries("Click journal throughput", [
            (f"sum(rate(ce_journal_appended_total{{{sel}}}[{ri}]))", "appended"),
            (f"sum(rate(ce_journal_shipped_total{{{sel}}}[{ri}]))", "shipped"),
            (f"sum(rate(ce_journal_ship_failures_total{{{sel}}}[{ri}]))", "ship failures")],
            "ops", "Entries per second into the journal and out to Kafka; failures mean Kafka refused or was unreachable.",
            overrides=[dashed("ship failures")]))
        L.add(timeseries("Clicks stored", [
            (f"sum by (counted) (rate(ce_affiliate_clicks_stored_total{{{sel}}}[{ri}]))", "counted={{counted}}")],
            "ops", "Clicks the ledger stored; counted=false are repeats within the click window.", stack=True))
        L.add(timeseries("Job queue depth", [(f"max(ce_jobs_queued{{{sel}}})", "queued")], "short",
                         "Jobs waiting (every instance reports the same queue, hence max)."))
        L.add(timeseries("Job runs by type and outcome", [
            (f"sum by (type, outcome) (rate(ce_jobs_run_seconds_count{{{sel}}}[{ri}]))", "{{type}} {{outcome}}")],
            "ops", "", stack=True))
        L.add(timeseries("Job run time (mean and max)", [
            (f"sum by (type) (rate(ce_jobs_run_seconds_sum{{{sel}}}[{ri}])) / sum by (type) (rate(ce_jobs_run_seconds_count{{{sel}}}[{ri}]))",
             "{{type}} mean"),
            (f"max by (type) (ce_jobs_run_seconds_max{{{sel}}})", "{{type}} max")], "s", "",
            overrides=[dashed("max$")]))
    elif extras == "place":
        L.row("Ratings")
        L.add(timeseries("Rating propagation delay", [
            (f"histogram_quantile({q}, sum by (le) (rate(ce_place_rating_delay_seconds_bucket{{{sel}}}[{ri}])))", f"p{int(q * 100)}")
            for q in (0.5, 0.95, 0.99)], "s", "From a review's change to its place's rating showing it."), w=24)
    elif extras == "review":
        L.row("Ratings")
        L.add(timeseries("Rating summary delay", [
            (f"max by (quantile) (ce_review_rating_summary_delay_seconds{{{sel}}})", "q{{quantile}}")],
            "s", "From a review's change to its place's new rating summary being saved (per-instance quantiles, "
                 "worst instance)."), w=24)

    if cfg.get("datastores", True):
        L.row("Events (Kafka)")
        L.add(timeseries("Events published by topic", [
            (f"sum by (topic) (rate(ce_events_published_total{{{sel}}}[{ri}]))", "{{topic}}")], "ops",
            "Events the outbox relay got acknowledged by Kafka.", stack=True), w=8)
        L.add(timeseries("Outbox backlog", [
            (f"max(ce_outbox_backlog{{{sel}}})", "aggregates waiting")], "short",
            "Aggregates with events not yet published. Alert OutboxBacklogHigh."), w=8)
        L.add(timeseries("Oldest unpublished event", [
            (f"max(ce_outbox_oldest_pending_seconds{{{sel}}})", "age")], "s",
            "Alert OutboxEventsDelayed at 60 s (warning) and 10 min (critical).", steps=((60, "orange"), (600, "red"))), w=8)
        if cfg["groups"]:
            L.add(timeseries("Consumer lag by group and topic", [
                (f"max by (group, topic) (ce_kafka_consumer_lag{{{sel}}})", "{{group}} {{topic}}")], "short",
                "Records each consumer group has yet to process (" + ", ".join(cfg["groups"]) + "). "
                "Alert KafkaConsumerLagHigh.", stack=True), w=8)
            L.add(timeseries("Events consumed", [
                (f"sum by (listener, outcome) (rate(ce_events_consumed_total{{{sel}}}[{ri}]))", "{{listener}} {{outcome}}")],
                "ops", "applied, duplicate (already seen: at-least-once delivery) or ignored.", stack=True), w=8)
            L.add(timeseries("Retries and dead letters", [
                (f"sum by (topic) (rate(ce_events_retried_total{{{sel}}}[{ri}]))", "retried {{topic}}"),
                (f"sum by (topic) (increase(ce_events_dead_lettered_total{{{sel}}}[{ri}]))", "dead-lettered {{topic}}")],
                "short", "Handler failures retried, and events that failed every retry. Alert DeadLetteredEvents.",
                bars=True), w=8)

    L.row("Data stores")
    if cfg.get("datastores", True):
        L.add(timeseries("MongoDB connections per instance", [
            (f"sum by (pod, instance) (mongodb_driver_pool_checkedout{{{sel}}})", "in use {{pod}} {{instance}}"),
            (f"sum by (pod, instance) (mongodb_driver_pool_waitqueuesize{{{sel}}})", "waiting {{pod}} {{instance}}")],
            "short", "Connections checked out and threads waiting for one (max pool 50 per server). Alert MongoPoolSaturated.",
            overrides=[dashed("^waiting")]), w=8)
        L.add(timeseries("MongoDB command time (mean)", [
            (f"sum by (command) (rate(mongodb_driver_commands_seconds_sum{{{sel}}}[{ri}])) "
             f"/ sum by (command) (rate(mongodb_driver_commands_seconds_count{{{sel}}}[{ri}]))", "{{command}}")],
            "s", ""), w=8)
        L.add(timeseries("MongoDB replica lag", [(f"max(ce_mongodb_replica_lag_seconds{{{sel}}})", "slowest secondary")],
                         "s", "Alert MongoReplicaLagHigh at 30 s; stale reads stop at 90 s.", steps=((30, "orange"), (90, "red"))),
              w=8)
    L.add(timeseries("Redis command time (mean)", [
        (f"sum by (command) (rate(lettuce_command_completion_seconds_sum{{{sel}}}[{ri}])) "
         f"/ sum by (command) (rate(lettuce_command_completion_seconds_count{{{sel}}}[{ri}]))", "{{command}}")],
        "s", "Sessions, rate limits and caches."))
    L.add(timeseries("Redis commands/s", [
        (f"sum by (command) (rate(lettuce_command_completion_seconds_count{{{sel}}}[{ri}]))", "{{command}}")],
        "ops", "", stack=True))

    L.row("JVM")
    L.add(timeseries("Heap used vs. max", [
        (f'sum by (pod, instance) (jvm_memory_used_bytes{{{sel}, area="heap"}})', "used {{pod}} {{instance}}"),
        (f'sum by (pod, instance) (jvm_memory_max_bytes{{{sel}, area="heap"}} > 0)', "max {{pod}} {{instance}}")],
        "bytes", "Alert JvmHeapHigh at 90% sustained.", overrides=[dashed("^max")]), w=8)
    L.add(timeseries("GC time share", [
        (f"sum by (pod, instance) (rate(jvm_gc_pause_seconds_sum{{{sel}}}[{ri}]))", "{{pod}} {{instance}}")],
        "percentunit", "Share of wall-clock time spent in GC pauses."), w=8)
    L.add(timeseries("CPU", [(f"max by (pod, instance) (process_cpu_usage{{{sel}}})", "{{pod}} {{instance}}")],
                     "percentunit", "Process CPU usage relative to the CPUs the JVM sees."), w=8)
    L.add(timeseries("Live threads", [(f"sum by (pod, instance) (jvm_threads_live_threads{{{sel}}})", "{{pod}} {{instance}}")],
                     "short", ""), w=8)
    L.add(timeseries("Non-heap used", [
        (f'sum by (pod, instance) (jvm_memory_used_bytes{{{sel}, area="nonheap"}})', "{{pod}} {{instance}}")],
        "bytes", "Metaspace, code cache, compressed class space."), w=8)
    L.add(timeseries("Uptime", [(f"min by (pod, instance) (process_uptime_seconds{{{sel}}})", "{{pod}} {{instance}}")],
                     "s", "A saw-tooth is a restart."), w=8)

    L.row("Kubernetes")
    L.add(timeseries("Replicas vs. autoscaler", [
        (f"count(process_uptime_seconds{{{sel}}})", "reporting"),
        (f"max(kube_horizontalpodautoscaler_status_desired_replicas{{{hpa}}})", "desired"),
        (f"max(kube_horizontalpodautoscaler_spec_max_replicas{{{hpa}}})", "max"),
        (f"max(kube_horizontalpodautoscaler_spec_min_replicas{{{hpa}}})", "min")],
        "none", "Alert HPAAtMaxReplicas when desired stays at max.", overrides=[dashed("^(max|min)$")]), w=8)
    L.add(timeseries("Container memory vs. limit", [
        (f"sum by (pod) (container_memory_working_set_bytes{{{kube}}})", "{{pod}}"),
        (f'max(kube_pod_container_resource_limits{{{kube}, resource="memory"}})', "limit")],
        "bytes", "Working set (what the OOM killer counts). Alerts ContainerMemoryNearLimit, ContainerMemoryFillingUp.",
        overrides=[dashed("^limit$")]), w=8)
    L.add(timeseries("CPU throttling", [
        (f"sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{{{kube}}}[{ri}])) "
         f"/ sum by (pod) (rate(container_cpu_cfs_periods_total{{{kube}}}[{ri}]))", "{{pod}}")],
        "percentunit", "Scheduler periods in which the container hit its CPU limit. Alert CPUThrottlingHigh.",
        steps=((0.5, "red"),)), w=8)
    L.add(timeseries("Container restarts", [
        (f"sum by (pod) (increase(kube_pod_container_status_restarts_total{{{kube}}}[{ri}]))", "{{pod}}")],
        "short", "Alerts PodRestartingFrequently, PodCrashLooping.", bars=True), w=12)
    L.add(timeseries("Container CPU vs. limit", [
        (f"sum by (pod) (rate(container_cpu_usage_seconds_total{{{kube}}}[{ri}]))", "{{pod}}"),
        (f'max(kube_pod_container_resource_limits{{{kube}, resource="cpu"}})', "limit")],
        "short", "Cores.", overrides=[dashed("^limit$")]), w=12)

    base = f'{{application="{app}"}}'
    variables = [
        datasource_var(),
        query_var("namespace", "Namespace", f"label_values(process_uptime_seconds{base}, namespace)"),
        query_var("pod", "Pod", f'label_values(process_uptime_seconds{{application="{app}", namespace=~"$namespace"}}, pod)'),
        query_var("instance", "Instance",
                  f'label_values(process_uptime_seconds{{application="{app}", namespace=~"$namespace", pod=~"$pod"}}, instance)'),
    ]
    return dashboard(f"ce-{app}", f"City Explorer / {app}", ["city-explorer", app], variables, L,
                     f"{cfg['title']}: {app}'s traffic, errors, latency, events, data stores, JVM and pods. "
                     "Generated by k8s/tools/generate-dashboards.py.")


# ---------------------------------------------------------------------------------------------- overview
def overview_dashboard():
    sel = 'application=~"$application", namespace=~"$namespace", pod=~"$pod", instance=~"$instance"'
    http = f"{sel}, {HTTP}"
    kube = f'namespace=~"$namespace", pod=~"$pod", container=~"{APPS_REGEX}"'
    ri = "$__rate_interval"
    L = Layout()

    L.row("Golden signals")
    L.add(stat("Requests/s", f"sum(rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "reqps",
               "Every service's requests; one client request counts at the gateway and at its service."), w=6, h=4)
    L.add(stat("5xx ratio (gateway)", f'sum(rate(http_server_requests_seconds_count{{{http}, application="gateway-service", status=~"5.."}}[{ri}])) '
                                     f'/ sum(rate(http_server_requests_seconds_count{{{http}, application="gateway-service"}}[{ri}]))',
               "percentunit", "What clients see.", steps=((0.01, "orange"), (0.05, "red")), decimals=2), w=6, h=4)
    L.add(stat("p99 (gateway)", f'histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{{{http}, application="gateway-service"}}[{ri}])))',
               "s", "", steps=((0.25, "orange"), (0.5, "red"))), w=6, h=4)
    L.add(stat("Firing alerts", 'count(ALERTS{alertstate="firing", team="city-explorer", namespace=~"$namespace", severity=~"critical|warning"})',
               "none", "Critical and warning alerts firing now (Kubernetes only).", steps=((1, "red"),)), w=6, h=4)
    L.add(timeseries("Requests/s per service", [
        (f"sum by (application) (rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "{{application}}")], "reqps"))
    L.add(timeseries("5xx ratio per service", [
        (f'sum by (application) (rate(http_server_requests_seconds_count{{{http}, status=~"5.."}}[{ri}])) '
         f"/ sum by (application) (rate(http_server_requests_seconds_count{{{http}}}[{ri}]))", "{{application}}")],
        "percentunit", "Alert HighErrorRate: 1% warning, 5% critical.", steps=((0.01, "orange"), (0.05, "red"))))
    for q in (0.5, 0.95, 0.99):
        L.add(timeseries(f"p{int(q * 100)} latency per service", [
            (f"histogram_quantile({q}, sum by (le, application) (rate(http_server_requests_seconds_bucket{{{http}}}[{ri}])))",
             "{{application}}")], "s", "From the summed histogram buckets of all instances.",
            steps=((0.5, "red"),) if q == 0.99 else ()), w=8)

    L.row("Capacity and saturation")
    L.add(timeseries("Pods per service vs. autoscaler max", [
        (f"count by (application) (process_uptime_seconds{{{sel}}})", "{{application}}"),
        (f'max by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{{namespace=~"$namespace", '
         f'horizontalpodautoscaler=~"(keda-hpa-)?({APPS_REGEX})"}})', "{{horizontalpodautoscaler}} max")],
        "none", "Instances reporting metrics; dashed: the autoscaler's maxReplicas (Kubernetes only).",
        overrides=[dashed(" max$")]))
    L.add(timeseries("CPU per service (busiest instance)", [
        (f"max by (application) (process_cpu_usage{{{sel}}})", "{{application}}")], "percentunit",
        "Process CPU relative to the CPUs the JVM sees."))
    L.add(timeseries("JVM heap used / max (fullest instance)", [
        (f'max by (application) (sum by (application, pod, instance) (jvm_memory_used_bytes{{{sel}, area="heap"}}) '
         f'/ sum by (application, pod, instance) (jvm_memory_max_bytes{{{sel}, area="heap"}} > 0))', "{{application}}")],
        "percentunit", "Alert JvmHeapHigh at 90%.", steps=((0.9, "red"),)), w=8)
    L.add(timeseries("Container memory / limit (fullest pod)", [
        (f"max by (container) (sum by (pod, container) (container_memory_working_set_bytes{{{kube}}}) "
         f'/ sum by (pod, container) (kube_pod_container_resource_limits{{{kube}, resource="memory"}}))', "{{container}}")],
        "percentunit", "Kubernetes only. Alert ContainerMemoryNearLimit at 90%.", steps=((0.9, "red"),)), w=8)
    L.add(timeseries("CPU throttling (worst pod)", [
        (f"max by (container) (sum by (pod, container) (rate(container_cpu_cfs_throttled_periods_total{{{kube}}}[{ri}])) "
         f"/ sum by (pod, container) (rate(container_cpu_cfs_periods_total{{{kube}}}[{ri}])))", "{{container}}")],
        "percentunit", "Kubernetes only. Alert CPUThrottlingHigh at 50%.", steps=((0.5, "red"),)), w=8)
    L.add(timeseries("Threads waiting for a MongoDB connection", [
        (f"sum by (application) (mongodb_driver_pool_waitqueuesize{{{sel}}})", "{{application}}")], "short",
        "Alert MongoPoolSaturated."))
    L.add(timeseries("Rate limits", [
        (f"sum by (tier) (rate(ce_gateway_rate_limit_rejected_total{{{sel}}}[{ri}]))", "429 {{tier}}"),
        (f"sum(rate(ce_gateway_rate_limit_unavailable_total{{{sel}}}[{ri}]))", "unlimited: Redis unavailable")],
        "reqps", "Gateway refusals per tier, and requests let through because Redis did not answer.",
        overrides=[dashed("unavailable")]))

    L.row("Events")
    L.add(timeseries("Consumer lag per group", [
        (f"sum by (group) (max by (group, topic) (ce_kafka_consumer_lag{{{sel}}}))", "{{group}}")], "short",
        "Records each consumer group has yet to process. Alert KafkaConsumerLagHigh."))
    L.add(timeseries("Outbox backlog per service", [
        (f"max by (application) (ce_outbox_backlog{{{sel}}})", "{{application}}")], "short",
        "Aggregates whose events are not yet published. Alert OutboxBacklogHigh."))
    L.add(timeseries("Oldest unpublished event per service", [
        (f"max by (application) (ce_outbox_oldest_pending_seconds{{{sel}}})", "{{application}}")], "s",
        "Alert OutboxEventsDelayed.", steps=((60, "orange"), (600, "red"))), w=8)
    L.add(timeseries("Events published per topic", [
        (f"sum by (topic) (rate(ce_events_published_total{{{sel}}}[{ri}]))", "{{topic}}")], "ops", "", stack=True), w=8)
    L.add(timeseries("Dead-lettered events", [
        (f"sum by (application, topic) (increase(ce_events_dead_lettered_total{{{sel}}}[{ri}]))", "{{application}} {{topic}}")],
        "short", "Alert DeadLetteredEvents.", bars=True), w=8)
    L.add(timeseries("Click journal backlog", [
        (f"sum by (application) (ce_journal_backlog_bytes{{{sel}}})", "{{application}}")], "bytes",
        "affiliate-service's clicks not yet shipped to Kafka. Alert ClickJournalBacklog."))
    L.add(timeseries("Job queue depth", [
        (f"max by (application) (ce_jobs_queued{{{sel}}})", "{{application}}")], "short", "Background jobs waiting."))

    L.row("Anomalies (recording rules of the observability chart; Kubernetes only)")
    L.add(timeseries("Traffic / same hour last week", [
        ('application:http_requests:rate5m{namespace=~"$namespace", application=~"$application"} '
         '/ on (namespace, application) application:http_requests:rate5m_1w_ago{namespace=~"$namespace", application=~"$application"}',
         "{{application}}")], "percentunit",
        "Alerts TrafficAnomalyLow (< 50%) and TrafficAnomalyHigh (> 200%).", steps=((0.5, "orange"), (2, "red"))))
    L.add(timeseries("Traffic z-score (against the last day)", [
        ('application:http_requests:rate5m_zscore1d{namespace=~"$namespace", application=~"$application"}', "{{application}}")],
        "short", "Standard deviations from the day's mean request rate.", min0=False))

    variables = [
        datasource_var(),
        query_var("namespace", "Namespace", 'label_values(process_uptime_seconds{application=~".+"}, namespace)'),
        query_var("application", "Service", 'label_values(process_uptime_seconds{namespace=~"$namespace"}, application)'),
        query_var("pod", "Pod", 'label_values(process_uptime_seconds{namespace=~"$namespace", application=~"$application"}, pod)'),
        query_var("instance", "Instance",
                  'label_values(process_uptime_seconds{namespace=~"$namespace", application=~"$application", pod=~"$pod"}, instance)'),
    ]
    return dashboard("ce-overview", "City Explorer / Overview", ["city-explorer", "overview"], variables, L,
                     "The platform at a glance: traffic, errors and latency per service, capacity, saturation and the "
                     "event pipeline. Generated by k8s/tools/generate-dashboards.py.")


def write(name, board):
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(board, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("overview", overview_dashboard())
    for app, cfg in SERVICES.items():
        write(app, service_dashboard(app, cfg))


if __name__ == "__main__":
    main()
