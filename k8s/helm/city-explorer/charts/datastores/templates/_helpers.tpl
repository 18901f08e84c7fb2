{{/*
Named templates of the datastores subchart. Template names are global across the parent chart and its
subcharts, hence the `datastores.` prefix.
*/}}

{{/* Labels of every object: name is the component's name (mongodb, redis, mongodb-backup...). */}}
{{- define "datastores.labels" -}}
{{ include "datastores.selectorLabels" . }}
app.kubernetes.io/part-of: city-explorer
app.kubernetes.io/component: {{ .component | default "datastore" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "datastores.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* <repository>:<tag>; a missing or `latest` tag is refused. */}}
{{- define "datastores.image" -}}
{{- if or (not .tag) (eq (toString .tag) "latest") -}}
{{- fail (printf "%s: an explicit image tag is required (got %q)" .repository (toString .tag)) -}}
{{- end -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}

{{/* Pod security context; .user: the image's own unprivileged user (mongo and redis: 999). */}}
{{- define "datastores.podSecurityContext" -}}
{{- $ctx := deepCopy .root.Values.podSecurityContext -}}
{{- if .user -}}
{{- $_ := set $ctx "runAsUser" .user -}}
{{- $_ := set $ctx "runAsGroup" .user -}}
{{- $_ := set $ctx "fsGroup" .user -}}
{{- $_ := set $ctx "fsGroupChangePolicy" "OnRootMismatch" -}}
{{- end -}}
{{- toYaml $ctx -}}
{{- end -}}

{{- define "datastores.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/*
Pod annotations for the mesh. Long-running data stores: hold the application until the sidecar is up
(mongod and Redis replicas dial their peers at once). Jobs: the sidecar as a native sidecar (an init
container that Kubernetes stops once the Job's containers are done), or a Job never completes.
.kind: "server" or "job".
*/}}
{{- define "datastores.meshAnnotations" -}}
{{- if .root.Values.mesh.enabled -}}
{{- if eq .kind "job" -}}
sidecar.istio.io/nativeSidecar: "true"
{{- else -}}
proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The replica set members' addresses, comma-separated: mongodb-0.mongodb-headless:27017,... */}}
{{- define "datastores.mongodb.hosts" -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.mongodb.replicas) -}}
{{- $hosts = append $hosts (printf "mongodb-%d.mongodb-headless:%d" $i (int $.Values.mongodb.port)) -}}
{{- end -}}
{{- join "," $hosts -}}
{{- end -}}

{{/* The service databases, sorted; each must have its Secret <uriSecretPrefix><db>. */}}
{{- define "datastores.mongodb.databaseNames" -}}
{{- keys .Values.mongodb.databases | sortAlpha | toJson -}}
{{- end -}}

{{/*
Index definitions per database and collection as JSON, for the scripts: the declared indexes plus, for
`outbox: true`, the two the outbox creates (common-lib Outbox.register: sparse unique _outboxKey and
_outboxClaim). {db: {collection: [{name, key: [[field, order]...], unique, sparse}]}}
*/}}
{{- define "datastores.mongodb.indexPlan" -}}
{{- $plan := dict -}}
{{- range $db, $collections := .Values.mongodb.databases -}}
{{- $dbPlan := dict -}}
{{- range $collection, $cfg := $collections -}}
{{- $cfg = $cfg | default dict -}}
{{- $indexes := list -}}
{{- range $index := $cfg.indexes | default list -}}
{{- $indexes = append $indexes (dict "name" $index.name "key" (include "datastores.mongodb.keyPairs" $index.key | fromJsonArray) "unique" ($index.unique | default false) "sparse" ($index.sparse | default false)) -}}
{{- end -}}
{{- if $cfg.outbox -}}
{{- $indexes = append $indexes (dict "name" "outbox_key" "key" (list (list "_outboxKey" 1)) "unique" true "sparse" true) -}}
{{- $indexes = append $indexes (dict "name" "outbox_claim" "key" (list (list "_outboxClaim" 1)) "unique" true "sparse" true) -}}
{{- end -}}
{{- $_ := set $dbPlan $collection $indexes -}}
{{- end -}}
{{- $_ := set $plan $db $dbPlan -}}
{{- end -}}
{{- toJson $plan -}}
{{- end -}}

{{/*
An index or shard key given as a list of one-entry maps ([{cityId: 1}, {_id: 1}]: a list because field
order matters and maps have none) as a JSON list of [field, value] pairs.
*/}}
{{- define "datastores.mongodb.keyPairs" -}}
{{- $pairs := list -}}
{{- range $entry := . -}}
{{- if ne (len $entry) 1 -}}
{{- fail (printf "index and shard keys are lists of one-field maps, got %v" $entry) -}}
{{- end -}}
{{- range $field, $value := $entry -}}
{{- $pairs = append $pairs (list $field $value) -}}
{{- end -}}
{{- end -}}
{{- toJson $pairs -}}
{{- end -}}

{{/* The sharding plan as JSON: [{db, collection, key: [[field, value]...], enabled, prerequisite}]. */}}
{{- define "datastores.mongodb.shardPlan" -}}
{{- $plan := list -}}
{{- range $entry := .Values.mongodb.sharded.collections -}}
{{- if not (hasKey $.Values.mongodb.databases $entry.db) -}}
{{- fail (printf "mongodb.sharded.collections: unknown database %q" $entry.db) -}}
{{- end -}}
{{- if not (hasKey (get $.Values.mongodb.databases $entry.db) $entry.collection) -}}
{{- fail (printf "mongodb.sharded.collections: %s has no collection %q in mongodb.databases" $entry.db $entry.collection) -}}
{{- end -}}
{{- $plan = append $plan (dict "db" $entry.db "collection" $entry.collection "key" (include "datastores.mongodb.keyPairs" $entry.key | fromJsonArray) "enabled" (ne (toString $entry.enabled) "false") "prerequisite" ($entry.prerequisite | default "")) -}}
{{- end -}}
{{- toJson $plan -}}
{{- end -}}

{{/*
Scratch space of a Job: an emptyDir (node-local disk), or with .ephemeral a generic ephemeral volume, a
PersistentVolumeClaim that lives and dies with the pod (for more than a node's disk can spare).
*/}}
{{- define "datastores.scratchVolume" -}}
- name: {{ .name }}
{{- if .ephemeral }}
  ephemeral:
    volumeClaimTemplate:
      spec:
        accessModes: [ReadWriteOnce]
        {{- with .storageClassName }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .size }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .size }}
{{- end }}
{{- end -}}

{{/*
Object storage settings of the backup containers (aws-cli), from Secret backup.storageSecret. The keys
are optional so that workload identity (IRSA, GKE/Azure workload identity through the ServiceAccount's
annotations) can stand in for them; the bucket is not.
*/}}
{{- define "datastores.backupStorageEnv" -}}
{{- $b := .Values.mongodb.backup -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $b.storageSecret }}
      key: AWS_ACCESS_KEY_ID
      optional: true
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $b.storageSecret }}
      key: AWS_SECRET_ACCESS_KEY
      optional: true
- name: AWS_DEFAULT_REGION
  valueFrom:
    secretKeyRef:
      name: {{ $b.storageSecret }}
      key: AWS_DEFAULT_REGION
- name: BACKUP_BUCKET
  valueFrom:
    secretKeyRef:
      name: {{ $b.storageSecret }}
      key: bucket
- name: BACKUP_PREFIX
  value: {{ $b.prefix | quote }}
{{- with $b.endpointUrl }}
- name: AWS_ENDPOINT_URL
  value: {{ . | quote }}
{{- end }}
- name: HOME
  value: /tmp
{{- end -}}

{{/* A ServiceAccount of a Job: no API token; annotations for workload identity where given. */}}
{{- define "datastores.jobServiceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  labels:
    {{- include "datastores.labels" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}
