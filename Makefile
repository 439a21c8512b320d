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
