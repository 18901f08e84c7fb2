{{/*
Named templates shared by the workload templates. Most take a dict:
  root: the top-level context ($), name: the service name, cfg: its merged configuration.
*/}}

{{/*
Deep merge of .src into .dst (in place): maps merge key by key, anything else replaces. Unlike sprig's
merge/mergeOverwrite, a false, 0 or "" in .src does override (uses.kafka: false on the gateway).
*/}}
{{- define "city-explorer.deepMerge" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "city-explorer.deepMerge" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The configuration of one workload: defaults overlaid with services.<name>, as YAML (callers fromYaml it).
Usage: $cfg := include "city-explorer.config" (dict "root" $ "name" $name) | fromYaml
*/}}
{{- define "city-explorer.config" -}}
{{- $svc := get .root.Values.services .name -}}
{{- if not (kindIs "map" $svc) -}}
{{- $svc = dict -}}
{{- end -}}
{{- $cfg := deepCopy .root.Values.defaults -}}
{{- include "city-explorer.deepMerge" (dict "dst" $cfg "src" $svc) -}}
{{- toYaml $cfg -}}
{{- end -}}

{{/* The services map and global.services/global.gateway must name the same seven workloads. */}}
{{- define "city-explorer.validate" -}}
{{- $expected := append (.Values.global.services | default list) .Values.global.gateway -}}
{{- range $name := $expected -}}
{{- if not (hasKey $.Values.services $name) -}}
{{- fail (printf "global.services/global.gateway name %q, which has no entry under services" $name) -}}
{{- end -}}
{{- end -}}
{{- range $name, $_ := .Values.services -}}
{{- if not (has $name $expected) -}}
{{- fail (printf "services.%s is not listed in global.services or global.gateway" $name) -}}
{{- end -}}
{{- end -}}
{{- if .Values.global.canary.enabled -}}
{{- if not (hasKey .Values.services .Values.global.canary.service) -}}
{{- fail (printf "global.canary.service %q is not one of services" .Values.global.canary.service) -}}
{{- end -}}
{{- if not .Values.global.canary.imageTag -}}
{{- fail "global.canary.imageTag is required when global.canary.enabled is true" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The image tag of the stable workloads: per service, else global.imageTag, else appVersion. */}}
{{- define "city-explorer.imageTag" -}}
{{- .cfg.image.tag | default .root.Values.global.imageTag | default .root.Chart.AppVersion -}}
{{- end -}}

{{/* <registry>/<service>:<tag>; .tag overrides (the canary). A missing or `latest` tag is refused. */}}
{{- define "city-explorer.image" -}}
{{- $repository := .cfg.image.repository | default (printf "%s/%s" .root.Values.global.imageRegistry .name) -}}
{{- $tag := .tag | default (include "city-explorer.imageTag" .) -}}
{{- if or (not $tag) (eq $tag "latest") -}}
{{- fail (printf "%s: an explicit image tag is required (got %q)" .name $tag) -}}
{{- end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{/* Selector labels of a workload's pods, both versions (Services, NetworkPolicies, ServiceMonitors). */}}
{{- define "city-explorer.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Labels of every object of a workload. */}}
{{- define "city-explorer.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "city-explorer.selectorLabels" . }}
app.kubernetes.io/part-of: city-explorer
app.kubernetes.io/component: {{ .cfg.component }}
app.kubernetes.io/version: {{ .tag | default (include "city-explorer.imageTag" .) | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* Labels of objects that belong to the release rather than to one workload. */}}
{{- define "city-explorer.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: city-explorer
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* A pod selector for another workload of this release (NetworkPolicy peers). */}}
{{- define "city-explorer.peerSelector" -}}
podSelector:
  matchLabels:
    app.kubernetes.io/name: {{ .name }}
    app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
The non-secret environment of a workload (its ConfigMap's data; also hashed into the pod annotations so
that a change rolls the pods). Explicit `env` entries win over the generated ones. The JVM flags replace the
image's JDK_JAVA_OPTIONS (its defaults are sized for docker-compose).
*/}}
{{- define "city-explorer.configData" -}}
{{- $root := .root -}}
{{- $cfg := .cfg -}}
{{- $data := dict
      "SERVER_PORT" "8080"
      "JDK_JAVA_OPTIONS" $cfg.javaOptions
      "MANAGEMENT_TRACING_SAMPLING_PROBABILITY" (toString $cfg.tracing.samplingProbability) -}}
{{- with $cfg.tracing.otlpEndpoint -}}
{{- $_ := set $data "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT" . -}}
{{- end -}}
{{- if $cfg.uses.redis -}}
{{- $_ := set $data "SPRING_DATA_REDIS_HOST" $root.Values.global.redis.host -}}
{{- $_ := set $data "SPRING_DATA_REDIS_PORT" (toString $root.Values.global.redis.port) -}}
{{- end -}}
{{- if $cfg.uses.kafka -}}
{{- $_ := set $data "SPRING_KAFKA_BOOTSTRAP_SERVERS" $root.Values.global.kafka.bootstrapServers -}}
{{- $_ := set $data "CITYEXPLORER_EVENTS_REPLICATIONFACTOR" (toString $cfg.events.replicationFactor) -}}
{{- $_ := set $data "CITYEXPLORER_JOBS_REPLICATIONFACTOR" (toString $cfg.events.replicationFactor) -}}
{{- end -}}
{{- with $cfg.corsAllowedOrigins -}}
{{- $_ := set $data "CITY_EXPLORER_CORS_ALLOWED_ORIGINS" (join "," .) -}}
{{- end -}}
{{- with $cfg.clickJournal -}}
{{- $_ := set $data "CITY_EXPLORER_CLICK_JOURNAL_DIR" .mountPath -}}
{{- end -}}
{{- range $key, $value := $cfg.env -}}
{{- $_ := set $data $key (toString $value) -}}
{{- end -}}
{{- /* In the mesh the gateway addresses Services, not pods: Istio applies mTLS, authorization and canary weights
       only to requests for a Service (gateway-service's application-mesh.yml). */ -}}
{{- if and (eq $cfg.component "gateway") $root.Values.mesh.enabled -}}
{{- $_ := set $data "SPRING_PROFILES_ACTIVE" "kubernetes,mesh" -}}
{{- end -}}
{{- range $key := keys $data | sortAlpha }}
{{ $key }}: {{ get $data $key | quote }}
{{- end -}}
{{- end -}}

{{/* Environment from Secrets: the data stores' credentials, the identity keys, then the service's own. */}}
{{- define "city-explorer.secretEnv" -}}
{{- $root := .root -}}
{{- $entries := list -}}
{{- if .cfg.uses.mongodb -}}
{{- $entries = append $entries (dict "name" "SPRING_MONGODB_URI" "secret" (printf "%s%s" $root.Values.global.mongodb.uriSecretPrefix .name) "key" "uri") -}}
{{- end -}}
{{- if .cfg.uses.redis -}}
{{- $entries = append $entries (dict "name" "SPRING_DATA_REDIS_PASSWORD" "secret" $root.Values.global.redis.passwordSecret "key" "password") -}}
{{- end -}}
{{- $entries = append $entries (dict "name" "CITY_EXPLORER_IDENTITY_VERIFICATION_KEYS" "secret" $root.Values.secrets.identityKeys "key" "verification-keys") -}}
{{- range $entry := concat $entries (.cfg.secretEnv | default list) }}
- name: {{ $entry.name }}
  valueFrom:
    secretKeyRef:
      name: {{ $entry.secret }}
      key: {{ $entry.key }}
      {{- if $entry.optional }}
      optional: true
      {{- end }}
{{- end -}}
{{- end -}}

{{/*
The Deployment of a workload. track "stable" is the regular Deployment; track "canary" is the release
candidate of global.canary.service (<name>-canary, label version: canary, image global.canary.imageTag,
fixed replicas). Both come from this one template so they cannot drift apart.
*/}}
{{- define "city-explorer.deployment" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $cfg := .cfg -}}
{{- $canary := eq .track "canary" -}}
{{- $isGateway := eq $cfg.component "gateway" -}}
{{- $podLabels := merge (dict "version" .track) (fromYaml (include "city-explorer.selectorLabels" .)) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $canary | ternary (printf "%s-canary" $name) $name }}
  labels:
    {{- include "city-explorer.labels" . | nindent 4 }}
    version: {{ .track }}
spec:
  {{- if $canary }}
  replicas: {{ $root.Values.canary.replicas }}
  {{- else if not $cfg.autoscaling.enabled }}
  replicas: {{ $cfg.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  # New pods first, old ones only once the new are ready: capacity never drops during a rollout.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 25%
  selector:
    matchLabels:
      {{- toYaml $podLabels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- toYaml $podLabels | nindent 8 }}
        app.kubernetes.io/part-of: city-explorer
        app.kubernetes.io/component: {{ $cfg.component }}
        {{- if $root.Values.mesh.enabled }}
        sidecar.istio.io/inject: "true"
        {{- end }}
        {{- with $cfg.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "city-explorer.configData" . | sha256sum }}
        {{- if $root.Values.mesh.enabled }}
        # The application's first connections (MongoDB, Kafka, Redis) must not race the sidecar.
        proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
        {{- end }}
        {{- with $cfg.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $name }}
      # Only the gateway talks to the Kubernetes API (discovery); the services get no token at all.
      automountServiceAccountToken: {{ $isGateway }}
      # No Docker-link variables for every Service of the namespace in the environment.
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $cfg.terminationGracePeriodSeconds }}
      {{- with $cfg.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml $cfg.podSecurityContext | nindent 8 }}
      {{- with $cfg.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # One pod per zone and per node before any doubles up; pod-template-hash keeps a rollout's
      # new ReplicaSet spreading on its own instead of around the old pods.
      topologySpreadConstraints:
        - maxSkew: {{ $cfg.topologySpread.maxSkew }}
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: {{ $cfg.topologySpread.zone }}
          labelSelector:
            matchLabels:
              {{- toYaml $podLabels | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
        - maxSkew: {{ $cfg.topologySpread.maxSkew }}
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: {{ $cfg.topologySpread.hostname }}
          labelSelector:
            matchLabels:
              {{- toYaml $podLabels | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
      {{- with $cfg.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $cfg.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $cfg.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $name }}
          image: {{ include "city-explorer.image" . }}
          imagePullPolicy: {{ $cfg.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          env:
            {{- include "city-explorer.secretEnv" . | trim | nindent 12 }}
          startupProbe:
            httpGet:
              path: {{ $cfg.probes.startup.path }}
              port: http
            periodSeconds: {{ $cfg.probes.startup.periodSeconds }}
            timeoutSeconds: {{ $cfg.probes.startup.timeoutSeconds }}
            failureThreshold: {{ $cfg.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: {{ $cfg.probes.liveness.path }}
              port: http
            periodSeconds: {{ $cfg.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $cfg.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $cfg.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $cfg.probes.readiness.path }}
              port: http
            periodSeconds: {{ $cfg.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $cfg.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $cfg.probes.readiness.failureThreshold }}
          lifecycle:
            # Keep serving while the endpoint removal propagates; native sleep: the image has no shell.
            preStop:
              sleep:
                seconds: {{ $cfg.preStopSleepSeconds }}
          resources:
            {{- toYaml $cfg.resources | nindent 12 }}
          securityContext:
            {{- toYaml $cfg.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with $cfg.clickJournal }}
            - name: click-journal
              mountPath: {{ .mountPath }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $cfg.tmpSizeLimit }}
        {{- with $cfg.clickJournal }}
        - name: click-journal
          {{- if .persistence.enabled }}
          persistentVolumeClaim:
            claimName: {{ .persistence.claimName }}
          {{- else }}
          # Survives container restarts, not the pod's deletion: unshipped clicks of a deleted pod are lost.
          emptyDir: {}
          {{- end }}
        {{- end }}
{{- end -}}

{{/* KEDA's Kafka scaler runs in the operator's namespace: qualify short host names with ours. */}}
{{- define "city-explorer.kedaKafkaBootstrapServers" -}}
{{- if .Values.keda.kafkaBootstrapServers -}}
{{- .Values.keda.kafkaBootstrapServers -}}
{{- else -}}
{{- $servers := list -}}
{{- range $server := splitList "," .Values.global.kafka.bootstrapServers -}}
{{- $hostPort := splitList ":" (trim $server) -}}
{{- $host := first $hostPort -}}
{{- if not (contains "." $host) -}}
{{- $host = printf "%s.%s.svc" $host $.Release.Namespace -}}
{{- end -}}
{{- $servers = append $servers (join ":" (prepend (rest $hostPort) $host)) -}}
{{- end -}}
{{- join "," $servers -}}
{{- end -}}
{{- end -}}
