{{/* Names and labels shared by every object of the chart. */}}

{{- define "study-operator.name" -}}
study-operator
{{- end -}}

{{- define "study-operator.fullname" -}}
{{- if eq .Release.Name "study-operator" -}}
study-operator
{{- else -}}
{{- printf "%s-study-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Selector labels never change across upgrades: a Deployment's selector is immutable. */}}
{{- define "study-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "study-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "study-operator.labels" -}}
{{ include "study-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: study-operator
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "study-operator.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
