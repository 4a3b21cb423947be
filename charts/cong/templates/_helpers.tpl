{{/* vim: set filetype=mustache: */}}

{{/*
The six services of the platform, in the order they are rendered. Each has a block of the same
shape in values.yaml (see the "service" definition in values.schema.json).
*/}}
{{- define "cong.services" -}}
{{- list "publishing" "content" "media" "identity" "archive" "admin" | toJson -}}
{{- end -}}

{{/*
Which backend each workload talks to (docs/architecture.md). This is a property of the code,
not of a deployment, so it is not a value. The jobs backup, restore and reports run the archive
image's CLI; the realm job runs identity's (cong.jobService).
*/}}
{{- /*
`platformSecrets`: the services' own shared secrets it reads from platformSecrets.existingSecret
(environment variable names). `calls`: the release's services it calls in the cluster, with the
ports (NetworkPolicy egress on its side, ingress on theirs); admin → the APIs is handled apart.
`tmp`: it writes files, so it gets a writable emptyDir at /tmp (the root filesystem is read-only).
`smtp`: it sends mail (its mailer, ADR 0007): SMTP_URL from smtp.existingSecret, egress to smtp.egress.
*/}}
{{- define "cong.needs" -}}
{{- $needs := dict
  "publishing" (dict "mongodb" true "kafka" true "s3" false "keycloak" false "keycloakAdmin" false "smtp" false "platformSecrets" (list "FORM_SECRET" "PAGEVIEWS_TOKEN") "calls" (dict "content" (list 8080)) "tmp" true)
  "content"    (dict "mongodb" true "kafka" true "s3" false "keycloak" true "keycloakAdmin" false "smtp" true "platformSecrets" list "calls" (dict "media" (list 8080)) "tmp" true)
  "media"      (dict "mongodb" true "kafka" true "s3" true "keycloak" true "keycloakAdmin" false "smtp" false "platformSecrets" (list "MEDIA_LINK_SECRET") "calls" dict "tmp" true)
  "identity"   (dict "mongodb" true "kafka" true "s3" false "keycloak" true "keycloakAdmin" true "smtp" true "platformSecrets" list "calls" dict "tmp" true)
  "archive"    (dict "mongodb" true "kafka" true "s3" true "keycloak" true "keycloakAdmin" false "smtp" true "platformSecrets" (list "PAGEVIEWS_TOKEN") "calls" (dict "publishing" (list 8080 9464)) "tmp" true)
  "admin"      (dict "mongodb" true "kafka" false "s3" false "keycloak" true "keycloakAdmin" false "smtp" false "platformSecrets" list "calls" dict "tmp" false)
  "backup"     (dict "mongodb" true "kafka" false "s3" true "keycloak" false "keycloakAdmin" false "smtp" false "platformSecrets" list "calls" dict "tmp" true)
  "restore"    (dict "mongodb" true "kafka" false "s3" true "keycloak" false "keycloakAdmin" false "smtp" false "platformSecrets" list "calls" dict "tmp" true)
  "reports"    (dict "mongodb" true "kafka" true "s3" true "keycloak" true "keycloakAdmin" false "smtp" false "platformSecrets" (list "PAGEVIEWS_TOKEN") "calls" (dict "publishing" (list 8080)) "tmp" true)
  "realm"      (dict "mongodb" false "kafka" false "s3" false "keycloak" true "keycloakAdmin" true "smtp" false "platformSecrets" list "calls" dict "tmp" true)
-}}
{{- $needs | toJson -}}
{{- end -}}

{{/* Components that need a backend, as a list (for NetworkPolicy podSelectors). */}}
{{- define "cong.componentsNeeding" -}}
{{- $ctx := index . 0 -}}
{{- $backend := index . 1 -}}
{{- $needs := include "cong.needs" $ctx | fromJson -}}
{{- $out := list -}}
{{- range $component := keys $needs | sortAlpha -}}
{{- if and (index (index $needs $component) $backend) (include "cong.componentEnabled" (list $ctx $component)) -}}
{{- $out = append $out $component -}}
{{- end -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}

{{/* "true" (non-empty) when a component (service or job) is rendered. */}}
{{- define "cong.componentEnabled" -}}
{{- $ctx := index . 0 -}}
{{- $component := index . 1 -}}
{{- if has $component (include "cong.services" $ctx | fromJsonArray) -}}
{{- if (index $ctx.Values $component).enabled -}}true{{- end -}}
{{- else if eq $component "backup" -}}
{{- if $ctx.Values.backup.enabled -}}true{{- end -}}
{{- else if eq $component "restore" -}}
{{- if $ctx.Values.restore.enabled -}}true{{- end -}}
{{- else if eq $component "reports" -}}
{{- if $ctx.Values.reports.enabled -}}true{{- end -}}
{{- else if eq $component "realm" -}}
{{- if and $ctx.Values.realm.enabled $ctx.Values.identity.enabled -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* The service whose image, ConfigMap and ServiceAccount a job uses. */}}
{{- define "cong.jobService" -}}
{{- ternary "identity" "archive" (eq . "realm") -}}
{{- end -}}

{{/* Chart name, truncated to 63 characters. */}}
{{- define "cong.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified app name, truncated so that "<fullname>-<component>-<suffix>" stays within 63
characters (the longest component is "publishing").
*/}}
{{- define "cong.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects: <fullname>-<component>. Call with (list $ctx "content"). */}}
{{- define "cong.componentName" -}}
{{- $ctx := index . 0 -}}
{{- printf "%s-%s" (include "cong.fullname" $ctx) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Chart name and version, as used by the chart label. */}}
{{- define "cong.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "cong.labels" -}}
helm.sh/chart: {{ include "cong.chart" . }}
app.kubernetes.io/name: {{ include "cong.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cong
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of a component's objects. Call with (list $ctx "content"). */}}
{{- define "cong.componentLabels" -}}
{{- $ctx := index . 0 -}}
{{ include "cong.labels" $ctx }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/*
Labels that select the release's pods: every pod this chart creates carries them, and the
default-deny NetworkPolicy selects them.
*/}}
{{- define "cong.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cong.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component's pods. Call with (list $ctx "content"). */}}
{{- define "cong.componentSelectorLabels" -}}
{{- $ctx := index . 0 -}}
{{ include "cong.selectorLabels" $ctx }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Annotations of every object (commonAnnotations), as a YAML block or nothing. */}}
{{- define "cong.annotations" -}}
{{- with .Values.commonAnnotations }}
{{- toYaml . }}
{{- end }}
{{- end -}}

{{/* The image of a service: <registry>/<repository>:<tag> or @<digest>. (list $ctx "content") */}}
{{- define "cong.image" -}}
{{- $ctx := index . 0 -}}
{{- $svc := index $ctx.Values (index . 1) -}}
{{- $registry := coalesce $ctx.Values.global.imageRegistry $ctx.Values.image.registry -}}
{{- $tag := coalesce $svc.image.tag $ctx.Values.image.tag $ctx.Chart.AppVersion | toString -}}
{{- if $svc.image.digest -}}
{{- printf "%s/%s@%s" $registry $svc.image.repository $svc.image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry $svc.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets of every pod, or nothing. */}}
{{- define "cong.imagePullSecrets" -}}
{{- $secrets := concat .Values.global.imagePullSecrets .Values.image.pullSecrets | uniq -}}
{{- if $secrets }}
imagePullSecrets:
{{- range $secrets }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ServiceAccount name of a service. (list $ctx "content") */}}
{{- define "cong.serviceAccountName" -}}
{{- $ctx := index . 0 -}}
{{- $svc := index $ctx.Values (index . 1) -}}
{{- if $svc.serviceAccount.create -}}
{{- default (include "cong.componentName" .) $svc.serviceAccount.name -}}
{{- else -}}
{{- default "default" $svc.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Pod-level security context of every workload: the "restricted" Pod Security Standard. The
restricted fields are not values, so no values file can switch them off; only the (non-root)
ids are configurable.
*/}}
{{- define "cong.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroup: {{ .Values.securityContext.fsGroup }}
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Container-level security context of every container (restricted Pod Security Standard). */}}
{{- define "cong.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  privileged: false
  capabilities:
    drop:
      - ALL
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* The writable /tmp of every pod (the root filesystem is read-only). */}}
{{- define "cong.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpDir.sizeLimit }}
{{- end -}}

{{/*
Volumes of a workload's pod: /tmp when it writes files (cong.needs "tmp") and, when configured,
the CA bundle; empty output means none. (list $ctx "content")
*/}}
{{- define "cong.volumes" -}}
{{- $ctx := index . 0 -}}
{{- $needs := index (include "cong.needs" $ctx | fromJson) (index . 1) -}}
{{- if $needs.tmp }}
{{ include "cong.tmpVolume" $ctx }}
{{- end }}
{{- if $ctx.Values.trust.caBundle.configMapName }}
- name: ca-bundle
  configMap:
    name: {{ $ctx.Values.trust.caBundle.configMapName }}
    items:
      - key: {{ $ctx.Values.trust.caBundle.key }}
        path: ca.crt
{{- end }}
{{- end -}}

{{/* Volume mounts of a workload's container, matching cong.volumes. (list $ctx "content") */}}
{{- define "cong.volumeMounts" -}}
{{- $ctx := index . 0 -}}
{{- $needs := index (include "cong.needs" $ctx | fromJson) (index . 1) -}}
{{- if $needs.tmp }}
- name: tmp
  mountPath: /tmp
{{- end }}
{{- if $ctx.Values.trust.caBundle.configMapName }}
- name: ca-bundle
  mountPath: /etc/cong/ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* ---------------------------------------------------------------- backends */}}

{{/* Kafka bootstrap servers: the in-cluster Strimzi cluster's, or kafka.brokers. */}}
{{- define "cong.kafka.brokers" -}}
{{- if .Values.kafka.operator.enabled -}}
{{- $port := ternary 9093 9092 .Values.kafka.tls.enabled -}}
{{- printf "%s-kafka-bootstrap.%s.svc.%s:%v" (include "cong.kafka.clusterName" .) .Release.Namespace .Values.clusterDomain $port -}}
{{- else -}}
{{- required "kafka.brokers is required (the bootstrap servers of the existing Kafka) unless kafka.operator.enabled" .Values.kafka.brokers -}}
{{- end -}}
{{- end -}}

{{- define "cong.kafka.clusterName" -}}
{{- include "cong.componentName" (list . "kafka") -}}
{{- end -}}

{{- define "cong.mongodb.name" -}}
{{- include "cong.componentName" (list . "mongodb") | trunc 44 | trimSuffix "-" -}}
{{- end -}}

{{- define "cong.keycloak.name" -}}
{{- include "cong.componentName" (list . "keycloak") -}}
{{- end -}}

{{/* Service the Keycloak operator creates for a Keycloak CR, and its port. */}}
{{- define "cong.keycloak.serviceName" -}}
{{- default (printf "%s-service" (include "cong.keycloak.name" .)) .Values.keycloak.ingress.serviceName -}}
{{- end -}}

{{- define "cong.keycloak.servicePort" -}}
{{- if .Values.keycloak.ingress.servicePort -}}
{{- .Values.keycloak.ingress.servicePort -}}
{{- else if and .Values.keycloak.operator.enabled (not .Values.keycloak.operator.tlsSecret) -}}
8080
{{- else -}}
8443
{{- end -}}
{{- end -}}

{{/*
URL of the Keycloak Admin REST API for identity. Never the public auth host, where /admin is not
routed: keycloak.adminUrl, else the operator's in-cluster Service, else keycloak.url.
*/}}
{{- define "cong.keycloak.adminUrl" -}}
{{- if .Values.keycloak.adminUrl -}}
{{- .Values.keycloak.adminUrl -}}
{{- else if .Values.keycloak.operator.enabled -}}
{{- $scheme := ternary "https" "http" (ne .Values.keycloak.operator.tlsSecret "") -}}
{{- $port := ternary 8443 8080 (ne .Values.keycloak.operator.tlsSecret "") -}}
{{- printf "%s://%s-service.%s.svc.%s:%v" $scheme (include "cong.keycloak.name" .) .Release.Namespace .Values.clusterDomain $port -}}
{{- else -}}
{{- .Values.keycloak.url -}}
{{- end -}}
{{- end -}}

{{/* Issuer of the tokens Keycloak signs (KEYCLOAK_ISSUER): `<keycloak.url>/realms/<keycloak.realm>`. */}}
{{- define "cong.keycloak.issuer" -}}
{{- printf "%s/realms/%s" (trimSuffix "/" .Values.keycloak.url) .Values.keycloak.realm -}}
{{- end -}}

{{/* Secret and key that hold a component's MONGO_URL. (list $ctx "content") */}}
{{- define "cong.mongodb.secretRef" -}}
{{- $ctx := index . 0 -}}
{{- /* the reports job reads the archive's database with the archive's user */ -}}
{{- $component := ternary "archive" (index . 1) (eq (index . 1) "reports") -}}
{{- if $ctx.Values.mongodb.operator.enabled -}}
name: {{ printf "%s-%s" (include "cong.mongodb.name" $ctx) $component }}
key: connectionString.standard
{{- else -}}
name: {{ required "mongodb.existingSecret is required unless mongodb.operator.enabled" $ctx.Values.mongodb.existingSecret }}
key: {{ index $ctx.Values.mongodb.secretKeys $component }}
{{- end -}}
{{- end -}}

{{/* Name of the KafkaUser (and of its Secret) of a component when Kafka runs in-cluster. */}}
{{- define "cong.kafka.userName" -}}
{{- $ctx := index . 0 -}}
{{- printf "%s-%s" (include "cong.kafka.clusterName" $ctx) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Environment variables of a component that come from Secrets (never from values): MONGO_URL,
Kafka SASL credentials, S3 keys, the services' shared secrets (FORM_SECRET, PAGEVIEWS_TOKEN,
MEDIA_LINK_SECRET), the SMTP URL (it carries the login), the Keycloak admin client secret, the
backup encryption key (archive's restore drills).
(list $ctx "content")
*/}}
{{- define "cong.secretEnv" -}}
{{- $ctx := index . 0 -}}
{{- $component := index . 1 -}}
{{- $needs := index (include "cong.needs" $ctx | fromJson) $component -}}
{{- if $needs.mongodb }}
- name: MONGO_URL
  valueFrom:
    secretKeyRef:
      {{- include "cong.mongodb.secretRef" (list $ctx $component) | nindent 6 }}
{{- end }}
{{- if and $needs.kafka $ctx.Values.kafka.sasl.enabled }}
{{- if $ctx.Values.kafka.operator.enabled }}
- name: KAFKA_SASL_USERNAME
  value: {{ include "cong.kafka.userName" (list $ctx $component) | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "cong.kafka.userName" (list $ctx $component) }}
      key: password
{{- else }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required when kafka.sasl.enabled" $ctx.Values.kafka.sasl.existingSecret }}
      key: {{ $ctx.Values.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.kafka.sasl.existingSecret }}
      key: {{ $ctx.Values.kafka.sasl.passwordKey }}
{{- end }}
{{- end }}
{{- if $needs.s3 }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "s3.existingSecret is required" $ctx.Values.s3.existingSecret }}
      key: {{ $ctx.Values.s3.accessKeyKey }}
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.s3.existingSecret }}
      key: {{ $ctx.Values.s3.secretKeyKey }}
{{- end }}
{{- range $name := $needs.platformSecrets }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ required "platformSecrets.existingSecret is required while publishing, media or archive is enabled (the Secret with FORM_SECRET, PAGEVIEWS_TOKEN and MEDIA_LINK_SECRET)" $ctx.Values.platformSecrets.existingSecret }}
      key: {{ index $ctx.Values.platformSecrets (get (dict "FORM_SECRET" "formSecretKey" "PAGEVIEWS_TOKEN" "pageviewsTokenKey" "MEDIA_LINK_SECRET" "mediaLinkSecretKey") $name) }}
{{- end }}
{{- if and $needs.smtp $ctx.Values.smtp.enabled }}
- name: SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "smtp.existingSecret is required while smtp.enabled (the Secret with SMTP_URL)" $ctx.Values.smtp.existingSecret }}
      key: {{ $ctx.Values.smtp.secretKey }}
{{- end }}
{{- if $needs.keycloakAdmin }}
- name: KEYCLOAK_ADMIN_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "keycloak.adminClient.existingSecret is required (identity's Keycloak admin client)" $ctx.Values.keycloak.adminClient.existingSecret }}
      key: {{ $ctx.Values.keycloak.adminClient.secretKey }}
{{- end }}
{{- if and (eq $component "archive") $ctx.Values.backup.encryption.existingSecret }}
{{- /* the restore drills of the backup screen decrypt what the backup job encrypted (issue 19) */}}
- name: BACKUP_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.backup.encryption.existingSecret }}
      key: {{ $ctx.Values.backup.encryption.key }}
{{- end }}
{{- if eq $component "admin" }}
- name: ADMIN_OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.admin.existingSecret }}
      key: {{ $ctx.Values.admin.oidcClientSecretKey }}
- name: ADMIN_SESSION_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.admin.existingSecret }}
      key: {{ $ctx.Values.admin.sessionSecretKey }}
{{- end }}
{{- if and (eq $component "realm") $ctx.Values.admin.enabled }}
{{- /* Keycloak gets the very key the admin UI reads: one secret for both sides of cong-admin */}}
- name: ADMIN_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $ctx.Values.admin.existingSecret }}
      key: {{ $ctx.Values.admin.oidcClientSecretKey }}
{{- end }}
{{- end -}}

{{/*
The non-secret environment of a component, as ConfigMap data (sorted keys, string values).
Its checksum goes into the pod template's checksum/config annotation. (list $ctx "content")
*/}}
{{- define "cong.configData" -}}
{{- $ctx := index . 0 -}}
{{- $component := index . 1 -}}
{{- $v := $ctx.Values -}}
{{- $needs := index (include "cong.needs" $ctx | fromJson) $component -}}
{{- $svcName := ternary $component "archive" (has $component (include "cong.services" $ctx | fromJsonArray)) -}}
{{- $svc := index $v $svcName -}}
{{- $env := dict
  "PORT" "8080"
  "MANAGEMENT_PORT" "9464"
  "LOG_LEVEL" (default $v.logLevel $svc.logLevel)
  "NODE_ENV" "production"
  "TRUST_PROXY" (ternary "none" (join "," $v.trustedProxies) (empty $v.trustedProxies))
-}}
{{- if $needs.kafka -}}
{{- $_ := set $env "KAFKA_BROKERS" (include "cong.kafka.brokers" $ctx) -}}
{{- $_ := set $env "KAFKA_SSL" (ternary "true" "false" $v.kafka.tls.enabled) -}}
{{- $_ := set $env "KAFKA_TOPIC_PREFIX" "" -}}
{{- if $v.kafka.sasl.enabled -}}
{{- $_ := set $env "KAFKA_SASL_MECHANISM" $v.kafka.sasl.mechanism -}}
{{- end -}}
{{- end -}}
{{- if $needs.s3 -}}
{{- if and $v.s3.tls.enabled (not (hasPrefix "https://" $v.s3.endpoint)) -}}
{{- fail (printf "s3.tls.enabled is true but s3.endpoint %q is not an https:// URL" $v.s3.endpoint) -}}
{{- end -}}
{{- $_ := set $env "S3_ENDPOINT" $v.s3.endpoint -}}
{{- $_ := set $env "S3_REGION" $v.s3.region -}}
{{- if has $component (list "media" "archive") -}}
{{- $_ := set $env "S3_BUCKET" (index $v.s3.buckets $component) -}}
{{- end -}}
{{- end -}}
{{- if $needs.keycloak -}}
{{- if and $v.keycloak.tls.enabled (not (hasPrefix "https://" $v.keycloak.url)) -}}
{{- fail (printf "keycloak.tls.enabled is true but keycloak.url %q is not an https:// URL" $v.keycloak.url) -}}
{{- end -}}
{{- $_ := set $env "KEYCLOAK_URL" $v.keycloak.url -}}
{{- $_ := set $env "KEYCLOAK_REALM" $v.keycloak.realm -}}
{{- $_ := set $env "KEYCLOAK_ISSUER" (include "cong.keycloak.issuer" $ctx) -}}
{{- end -}}
{{- if $needs.keycloakAdmin -}}
{{- $_ := set $env "KEYCLOAK_ADMIN_URL" (include "cong.keycloak.adminUrl" $ctx) -}}
{{- $_ := set $env "KEYCLOAK_ADMIN_CLIENT_ID" $v.keycloak.adminClient.clientId -}}
{{- end -}}
{{- if and $needs.smtp $v.smtp.enabled -}}
{{- $_ := set $env "SMTP_FROM" $v.smtp.from -}}
{{- $_ := set $env "SMTP_REQUIRE_TLS" (ternary "true" "false" $v.smtp.requireTls) -}}
{{- $_ := set $env "SMTP_RETRY_MAX_MS" (toString (int $v.smtp.retryMaxMs)) -}}
{{- end -}}
{{- /* identity's invitation links point to the admin UI */ -}}
{{- if eq $component "identity" -}}
{{- $_ := set $env "ADMIN_PUBLIC_URL" (include "cong.admin.publicUrl" $ctx) -}}
{{- end -}}
{{- /* archive (and the jobs that share its ConfigMap): media's bucket, publishing in the cluster */ -}}
{{- if eq $svcName "archive" -}}
{{- $_ := set $env "MEDIA_BUCKET" $v.s3.buckets.media -}}
{{- /* the backup job's status.json beside the backups: archive's cong_archive_backup_* metrics */ -}}
{{- if $v.backup.enabled -}}
{{- $_ := set $env "BACKUP_TARGET" (include "cong.backupTarget" $ctx) -}}
{{- end -}}
{{- /* archive mails each new incident to the technical focal unit (R-OPS-247); its jobs share the ConfigMap, not the mailer */ -}}
{{- $_ := set $env "TECH_UNIT_MAILBOX" $v.archive.techUnitMailbox -}}
{{- if $v.publishing.enabled -}}
{{- $publishing := include "cong.componentName" (list $ctx "publishing") -}}
{{- $_ := set $env "PUBLISHING_INTERNAL_URL" (printf "http://%s:%v" $publishing 8080) -}}
{{- $_ := set $env "AVAILABILITY_PROBE_URL" (printf "http://%s:%v/ready" $publishing 9464) -}}
{{- /* the portal probe sends each portal's Host as publishing maps it (issue 19, R-OPS-247) */ -}}
{{- $domain := include "cong.domain.public" $ctx -}}
{{- $_ := set $env "PUBLIC_DOMAIN" $domain -}}
{{- $_ := set $env "PRODUCTION_DOMAIN" (default $domain $v.domain.production) -}}
{{- end -}}
{{- end -}}
{{- if eq $component "publishing" -}}
{{- $domain := include "cong.domain.public" $ctx -}}
{{- $_ := set $env "PUBLIC_DOMAIN" $domain -}}
{{- /* links in pages, feeds and sitemaps: every portal host is TLS-only (issue 15.2) */ -}}
{{- $_ := set $env "PUBLIC_SCHEME" "https" -}}
{{- $_ := set $env "PRODUCTION_DOMAIN" (default $domain $v.domain.production) -}}
{{- if $v.content.enabled -}}
{{- $_ := set $env "CONTENT_API_URL" (printf "http://%s:%v" (include "cong.componentName" (list $ctx "content")) 8080) -}}
{{- end -}}
{{- if $v.media.enabled -}}
{{- $_ := set $env "MEDIA_PUBLIC_URL" (include "cong.media.publicUrl" $ctx) -}}
{{- end -}}
{{- end -}}
{{- if eq $component "content" -}}
{{- $_ := set $env "PORTAL_BASE_DOMAIN" (default (include "cong.domain.public" $ctx) $v.domain.production) -}}
{{- $_ := set $env "FEEDBACK_RATE_LIMIT" (printf "%d" (int64 $v.content.feedbackRateLimit)) -}}
{{- $_ := set $env "FEEDBACK_RATE_WINDOW_MS" (printf "%d" (int64 $v.content.feedbackRateWindowMs)) -}}
{{- $_ := set $env "WORKING_CALENDAR_JSON" (toJson $v.content.workingCalendar) -}}
{{- /* content asks media, with the caller's token, whether an item's assets are the portal's own (R-ORG) */ -}}
{{- if $v.media.enabled -}}
{{- $_ := set $env "MEDIA_API_URL" (printf "http://%s:%v" (include "cong.componentName" (list $ctx "media")) 8080) -}}
{{- end -}}
{{- end -}}
{{- if eq $component "admin" -}}
{{- /* the APIs it calls with the signed-in person's token, in the cluster */ -}}
{{- range $api := list "content" "media" "identity" "archive" -}}
{{- if (index $v $api).enabled -}}
{{- $_ := set $env (printf "%s_API_URL" (upper $api)) (printf "http://%s:%v" (include "cong.componentName" (list $ctx $api)) 8080) -}}
{{- end -}}
{{- end -}}
{{- if $v.media.enabled -}}
{{- $_ := set $env "MEDIA_PUBLIC_URL" (include "cong.media.publicUrl" $ctx) -}}
{{- end -}}
{{- $_ := set $env "ADMIN_PUBLIC_URL" (include "cong.admin.publicUrl" $ctx) -}}
{{- $_ := set $env "ADMIN_COOKIE_SECURE" "true" -}}
{{- $_ := set $env "ADMIN_OIDC_CLIENT_ID" $v.admin.oidc.clientId -}}
{{- $_ := set $env "PUBLIC_DOMAIN" (include "cong.domain.public" $ctx) -}}
{{- $_ := set $env "PUBLIC_SCHEME" "https" -}}
{{- $s := $v.admin.session -}}
{{- if not (and (lt (int64 $s.idleWarningSeconds) (int64 $s.idleTimeoutSeconds)) (le (int64 $s.idleTimeoutSeconds) (int64 $s.absoluteTimeoutSeconds))) -}}
{{- fail (printf "admin.session: idleWarningSeconds (%d) must be less than idleTimeoutSeconds (%d), which may not exceed absoluteTimeoutSeconds (%d)" (int64 $s.idleWarningSeconds) (int64 $s.idleTimeoutSeconds) (int64 $s.absoluteTimeoutSeconds)) -}}
{{- end -}}
{{- $_ := set $env "ADMIN_IDLE_TIMEOUT_SECONDS" (printf "%d" (int64 $s.idleTimeoutSeconds)) -}}
{{- $_ := set $env "ADMIN_ABSOLUTE_TIMEOUT_SECONDS" (printf "%d" (int64 $s.absoluteTimeoutSeconds)) -}}
{{- $_ := set $env "ADMIN_IDLE_WARNING_SECONDS" (printf "%d" (int64 $s.idleWarningSeconds)) -}}
{{- $_ := set $env "ADMIN_AUTOSAVE_SECONDS" (printf "%d" (int64 $v.admin.autosaveSeconds)) -}}
{{- $_ := set $env "ADMIN_UPLOAD_LIMIT_BYTES" (printf "%d" (int64 $v.admin.uploadLimitBytes)) -}}
{{- end -}}
{{- if $v.otel.enabled -}}
{{- $_ := set $env "OTEL_TRACES_EXPORTER" "otlp" -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" (required "otel.endpoint is required when otel.enabled" $v.otel.endpoint) -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_PROTOCOL" $v.otel.protocol -}}
{{- $_ := set $env "OTEL_SERVICE_NAME" (printf "cong-%s" $component) -}}
{{- $attrs := printf "service.namespace=cong,k8s.namespace.name=%s" $ctx.Release.Namespace -}}
{{- if $v.otel.resourceAttributes -}}{{- $attrs = printf "%s,%s" $attrs $v.otel.resourceAttributes -}}{{- end -}}
{{- $_ := set $env "OTEL_RESOURCE_ATTRIBUTES" $attrs -}}
{{- end -}}
{{- if $v.trust.caBundle.configMapName -}}
{{- $_ := set $env "NODE_EXTRA_CA_CERTS" "/etc/cong/ca/ca.crt" -}}
{{- end -}}
{{- range $name, $value := $svc.extraEnv -}}
{{- $_ := set $env $name (toString $value) -}}
{{- end -}}
{{- range $name := keys $env | sortAlpha }}
{{ $name }}: {{ index $env $name | quote }}
{{- end }}
{{- end -}}

{{/*
The domain the portals answer on in this cluster (publishing's PUBLIC_DOMAIN): domain.public, else
the first portal's host without "www.".
*/}}
{{- define "cong.domain.public" -}}
{{- if .Values.domain.public -}}
{{- .Values.domain.public -}}
{{- else -}}
{{- $first := first (.Values.portals | default list) | default dict -}}
{{- required "domain.public is required when portals is empty" $first.host | trimPrefix "www." -}}
{{- end -}}
{{- end -}}

{{/* The admin UI's public origin (ADMIN_PUBLIC_URL of admin and identity): the admin host. */}}
{{- define "cong.admin.publicUrl" -}}
{{- printf "https://%s" (required "ingress.admin.host is required (the host of the admin UI)" .Values.ingress.admin.host) -}}
{{- end -}}

{{/*
Where Keycloak sends back-channel logout tokens of admin sessions (the realm job's
ADMIN_BACKCHANNEL_LOGOUT_URL): admin.oidc.backchannelLogoutUrl, else the admin's Service by its
full name, since Keycloak calls it from its own pods (possibly another namespace).
*/}}
{{- define "cong.admin.backchannelLogoutUrl" -}}
{{- if .Values.admin.oidc.backchannelLogoutUrl -}}
{{- .Values.admin.oidc.backchannelLogoutUrl -}}
{{- else -}}
{{- printf "http://%s.%s.svc.%s:8080/auth/backchannel-logout" (include "cong.componentName" (list . "admin")) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}
{{- end -}}

{{/* Bytes of an nginx size (`512m`, `2g`, `1048576`; k/m/g are 1024-based); "0" is no limit. */}}
{{- define "cong.nginxSizeBytes" -}}
{{- $n := regexFind "^[0-9]+" . -}}
{{- $unit := lower (trimPrefix $n .) -}}
{{- mul (int64 $n) (int64 (get (dict "" 1 "k" 1024 "m" 1048576 "g" 1073741824) $unit)) -}}
{{- end -}}

{{/* Public base URL of media's files (publishing's MEDIA_PUBLIC_URL): the public media host. */}}
{{- define "cong.media.publicUrl" -}}
{{- printf "https://%s" (required "ingress.media.host is required (the public host of media's files)" .Values.ingress.media.host) -}}
{{- end -}}

{{/* ---------------------------------------------------------------- network */}}

{{/*
NetworkPolicy peers from a `{cidrs, namespaceSelector, podSelector}` block of values: ipBlocks for
external endpoints, a namespace/pod selector for in-cluster ones, plus extra peers the chart
knows (e.g. the pods of an operator-managed backend). Empty output means "any destination"
(then only the ports restrict the rule). Call with (list $values $extraPeersList).
*/}}
{{- define "cong.peers" -}}
{{- $e := index . 0 -}}
{{- $peers := list -}}
{{- range $e.cidrs -}}
{{- $peers = append $peers (dict "ipBlock" (dict "cidr" .)) -}}
{{- end -}}
{{- $peer := dict -}}
{{- with $e.namespaceSelector -}}{{- $_ := set $peer "namespaceSelector" . -}}{{- end -}}
{{- with $e.podSelector -}}{{- $_ := set $peer "podSelector" . -}}{{- end -}}
{{- if $peer -}}{{- $peers = append $peers $peer -}}{{- end -}}
{{- range index . 1 -}}{{- $peers = append $peers . -}}{{- end -}}
{{- if $peers -}}{{- toYaml $peers -}}{{- end -}}
{{- end -}}

{{/*
One NetworkPolicy rule as a YAML list item: `to` (or `from`) the peers of a values block, on the
given ports. Call with (list $values "to"|"from" $ports $extraPeers); $ports is a list of port
numbers or names (TCP), or of {protocol, port} dicts.
*/}}
{{- define "cong.rule" -}}
{{- $ports := list -}}
{{- range index . 2 -}}
{{- if kindIs "map" . -}}
{{- $ports = append $ports . -}}
{{- else if kindIs "string" . -}}
{{- $ports = append $ports (dict "protocol" "TCP" "port" .) -}}
{{- else -}}
{{- $ports = append $ports (dict "protocol" "TCP" "port" (int .)) -}}
{{- end -}}
{{- end -}}
{{- $rule := dict "ports" $ports -}}
{{- $peers := include "cong.peers" (list (index . 0) (index . 3)) | fromYamlArray -}}
{{- if $peers -}}
{{- $_ := set $rule (index . 1) $peers -}}
{{- end -}}
{{- list $rule | toYaml -}}
{{- end -}}

{{/* ---------------------------------------------------------------- ingress */}}

{{/* Annotations that make cert-manager issue a host's certificate, or nothing. */}}
{{- define "cong.ingress.tlsAnnotations" -}}
{{- if eq .Values.ingress.tls.source "certManager" }}
cert-manager.io/cluster-issuer: {{ required "ingress.tls.clusterIssuer is required when ingress.tls.source is certManager" .Values.ingress.tls.clusterIssuer | quote }}
{{- end }}
{{- end -}}

{{/* TLS Secret of a host. (list $ctx "<name when cert-manager issues it>" "<own secret or empty>") */}}
{{- define "cong.ingress.tlsSecret" -}}
{{- $ctx := index . 0 -}}
{{- $issued := index . 1 -}}
{{- $own := index . 2 -}}
{{- if $own -}}
{{- $own -}}
{{- else if eq $ctx.Values.ingress.tls.source "certManager" -}}
{{- $issued -}}
{{- else -}}
{{- required "ingress.tls.existingSecret is required when ingress.tls.source is secret (or give each portal its tlsSecret)" $ctx.Values.ingress.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{/*
Annotations of the admin host (R-REMOTE): TLS only and reachable only from the allow-list. The
schema rejects an empty list; this check also stops a list emptied by --set. Call with
(list $ctx $issueCertificate): only one Ingress of the host asks cert-manager for the certificate.
*/}}
{{- define "cong.ingress.adminAnnotations" -}}
{{- $ctx := index . 0 -}}
{{- $issue := index . 1 -}}
{{- $allow := $ctx.Values.ingress.admin.allowList -}}
{{- if not $allow -}}
{{- fail "ingress.admin.allowList must name at least one source CIDR (R-REMOTE)" -}}
{{- end -}}
nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
nginx.ingress.kubernetes.io/ssl-redirect: "true"
nginx.ingress.kubernetes.io/whitelist-source-range: {{ join "," $allow | quote }}
{{- if and $issue (not $ctx.Values.ingress.admin.tlsSecret) }}
{{- include "cong.ingress.tlsAnnotations" $ctx }}
{{- end }}
{{- end -}}
