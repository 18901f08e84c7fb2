{{/* Prefix of this chart's object names: <release>-observability, unless the release already says so. */}}
{{- define "observability.fullname" -}}
{{- if contains "observability" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-observability" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "observability.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: city-explorer
app.kubernetes.io/component: observability
{{- end -}}

{{/* Labels of PrometheusRule and AlertmanagerConfig objects: kube-prometheus-stack selects them by release. */}}
{{- define "observability.monitoringLabels" -}}
{{ include "observability.labels" . }}
release: {{ .Values.global.monitoring.releaseLabel }}
{{- with .Values.rules.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The seven workloads, gateway first. */}}
{{- define "observability.applications" -}}
{{- prepend .Values.global.services .Values.global.gateway | toJson -}}
{{- end -}}

{{/* Matcher of every series of this release's namespace: the rules never mix environments that share a Prometheus. */}}
{{- define "observability.ns" -}}
namespace="{{ .Release.Namespace }}"
{{- end -}}

{{/* Requests that count as traffic: probes and scrapes are not. */}}
{{- define "observability.http" -}}
namespace="{{ .Release.Namespace }}", uri!~"/actuator.*"
{{- end -}}

{{/*
One alerting rule's name, labels and annotations; the caller adds `expr` and `for` right after it, at the
same indentation (+2). Arguments (dict):
  root        the top-level context
  alert       the alert name (also the runbook anchor)
  severity    critical | warning | info
  service     value of the service label; Prometheus templates allowed ("{{ $labels.application }}")
  dashboard   Grafana dashboard uid (Prometheus templates allowed); default ce-overview
  summary, description   Prometheus templates allowed
  labels      optional extra labels (dict): e.g. the group a rule with its own threshold is pinned to, which
              also keeps its name and labels distinct from the catch-all rule's (promtool's duplicate check)
Every alert carries the namespace label: the namespace's AlertmanagerConfig only sees alerts that have it.
*/}}
{{- define "observability.alert" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
- alert: {{ .alert }}
  labels:
    severity: {{ .severity }}
    team: {{ $v.team | quote }}
    service: {{ .service | quote }}
    namespace: {{ $root.Release.Namespace | quote }}
    environment: {{ $v.global.environment | quote }}
    {{- range $k, $val := .labels }}
    {{ $k }}: {{ $val | quote }}
    {{- end }}
  annotations:
    summary: {{ .summary | quote }}
    description: {{ .description | quote }}
    runbook_url: {{ printf "%s#%s" $v.runbookBaseUrl (lower .alert) | quote }}
    dashboard_url: {{ printf "%s/d/%s?var-namespace=%s" (trimSuffix "/" $v.grafanaUrl) (.dashboard | default "ce-overview") $root.Release.Namespace | quote }}
{{- end -}}

{{/* A regex alternation of a map's keys, sorted; "" when empty (matches no real label value). */}}
{{- define "observability.keysRegex" -}}
{{- keys . | sortAlpha | join "|" -}}
{{- end -}}
