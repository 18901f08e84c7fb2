{{/* Named templates of the mesh subchart (names are global across the parent and its subcharts). */}}

{{- define "mesh.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: city-explorer
app.kubernetes.io/component: mesh
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The Istio identity of a ServiceAccount of this namespace. */}}
{{- define "mesh.principal" -}}
{{- printf "%s/ns/%s/sa/%s" .root.Values.trustDomain .root.Release.Namespace .name -}}
{{- end -}}

{{/* The seven application workloads: the six services and the gateway. */}}
{{- define "mesh.workloads" -}}
{{- append (.Values.global.services | default list) .Values.global.gateway | toJson -}}
{{- end -}}

{{/*
The route destinations of a workload: all to subset stable, or, for the canary's service while a canary
runs, 100 - weight to stable and weight to canary.
*/}}
{{- define "mesh.destinations" -}}
{{- $canary := .root.Values.global.canary -}}
{{- $port := int .root.Values.applicationPort -}}
{{- if and $canary.enabled (eq $canary.service .name) -}}
{{- $weight := int $canary.weight -}}
{{- if or (lt $weight 0) (gt $weight 100) -}}
{{- fail (printf "global.canary.weight must be 0-100, got %d" $weight) -}}
{{- end -}}
- destination:
    host: {{ .name }}
    subset: stable
    port:
      number: {{ $port }}
  weight: {{ sub 100 $weight }}
- destination:
    host: {{ .name }}
    subset: canary
    port:
      number: {{ $port }}
  weight: {{ $weight }}
{{- else -}}
- destination:
    host: {{ .name }}
    subset: stable
    port:
      number: {{ $port }}
  weight: 100
{{- end -}}
{{- end -}}

{{/* Timeout and retries of a route to a workload. */}}
{{- define "mesh.routePolicy" -}}
{{- $r := .root.Values.retries -}}
timeout: {{ get .root.Values.timeouts .name | default .root.Values.timeouts.default }}
retries:
  attempts: {{ $r.attempts }}
  retryOn: {{ $r.retryOn }}
  {{- with $r.perTryTimeout }}
  perTryTimeout: {{ . }}
  {{- end }}
{{- end -}}
