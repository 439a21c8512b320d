# StudyOperator — run `make help` for the targets.
SHELL := /usr/bin/env bash
.DEFAULT_GOAL := help

DOTNET ?= dotnet
CONFIGURATION ?= Debug
SOLUTION := StudyOperator.sln
OPERATOR_PROJECT := src/StudyOperator/StudyOperator.csproj
CRD_FILE := labs.study.dev_studylabs.yaml

##@ General

.PHONY: help
help: ## Show the targets.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m\n"} /^[a-zA-Z_-]+:.*?##/ { printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Demo

.PHONY: demo
demo: ## Run the sample labs on the sandbox (no cluster needed) and print what they measured; DEMO_CLUSTER=current uses the current kubeconfig's cluster.
	$(DOTNET) build src/StudyOperator.Demo/StudyOperator.Demo.csproj -c Release -nologo -v q
	$(DOTNET) run --project src/StudyOperator.Demo/StudyOperator.Demo.csproj -c Release --no-build -- config/samples

##@ Cluster (kind, minikube, any kubeconfig; kind and minikube are not on CI machines, docker is started by .ci/run)

IMAGE ?= study-operator:dev
KIND_CLUSTER ?= study
NAMESPACE ?= study-system
HELM ?= $(if $(wildcard .tools/bin/helm),.tools/bin/helm,helm)

.PHONY: docker-build
docker-build: ## Build the one image for the operator, app and probe roles.
	docker build -t $(IMAGE) .

.PHONY: publish-aot
publish-aot: ## Publish study-operator as the image has it: one Native AOT executable in out/aot (needs gcc or clang, and zlib).
	dotnet publish src/StudyOperator -c Release -r linux-x64 -p:PublishAot=true -o out/aot

.PHONY: docker-build-offline
docker-build-offline: ## Build $(IMAGE) with no registry: the Dockerfile's runtime stage on a debootstrap base, the app published here (root, debootstrap; docs/image.md).
	bash hack/docker-build-offline.sh $(IMAGE)

.PHONY: kind-up
kind-up: ## Create a kind cluster named $(KIND_CLUSTER) (kind must be installed).
	kind get clusters | grep -qx $(KIND_CLUSTER) || kind create cluster --name $(KIND_CLUSTER)

.PHONY: kind-load
kind-load: ## Load $(IMAGE) into the kind cluster (no registry needed).
	kind load docker-image $(IMAGE) --name $(KIND_CLUSTER)

.PHONY: minikube-load
minikube-load: ## Load $(IMAGE) into minikube.
	minikube image load $(IMAGE)

.PHONY: deploy
deploy: tools ## helm upgrade --install the chart into $(NAMESPACE) with $(IMAGE).
	$(HELM) upgrade --install study-operator charts/study-operator --namespace $(NAMESPACE) --create-namespace \
	  --set image.repository=$(firstword $(subst :, ,$(IMAGE))) --set image.tag=$(lastword $(subst :, ,$(IMAGE))) --wait

.PHONY: undeploy
undeploy: tools ## Uninstall the chart (the CRD and the labs stay: the CRD has a keep policy).
	$(HELM) uninstall study-operator --namespace $(NAMESPACE)

.PHONY: samples
samples: ## Apply the sample labs to the current cluster's namespace.
	kubectl apply -f config/samples/

##@ Development

.PHONY: tools
tools: ## Fetch the tools tests use that Debian does not package (helm, into .tools/bin).
	@bash hack/fetch-helm.sh >/dev/null

.PHONY: build
build: ## Build every project, warnings as errors.
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) -warnaserror

.PHONY: test
test: tools ## Run all tests (unit, sandbox conformance, end-to-end) and print a summary line.
	@bash hack/test.sh $(SOLUTION) -c $(CONFIGURATION)

.PHONY: manifests
manifests: tools ## Regenerate the CRD from the API types (config/crd, the chart) and config/{rbac,manager} from the chart.
	$(DOTNET) run --project $(OPERATOR_PROJECT) -c $(CONFIGURATION) -- crd --output config/crd/$(CRD_FILE)
	mkdir -p charts/study-operator/files/crds
	cp config/crd/$(CRD_FILE) charts/study-operator/files/crds/$(CRD_FILE)
	bash hack/render-config.sh

.PHONY: run
run: ## Run the operator against the current kubeconfig's cluster (the CRD must be installed: kubectl apply -f config/crd/).
	$(DOTNET) run --project $(OPERATOR_PROJECT) -c $(CONFIGURATION) -- $(ARGS)

.PHONY: fmt
fmt: ## Format the code with dotnet format.
	$(DOTNET) format $(SOLUTION)

.PHONY: lint
lint: ## Check formatting and analyzers without changing files.
	$(DOTNET) format $(SOLUTION) --verify-no-changes
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) -warnaserror
