# One image, three roles: the operator (default), `study-operator app` and `study-operator probe`.
# The bases are arguments so an offline build can substitute locally built images, and PUBLISHED names
# where the app comes from: the `build` stage below, or an image that already holds a publish output in
# /out (hack/docker-build-offline.sh). With BuildKit an unused `build` stage is skipped, so the runtime
# stage users get is built and tested without a registry. docs/image.md has the details.
# The -aot SDK image is the SDK plus the native toolchain (clang, zlib) Native AOT links with.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
ARG PUBLISHED=build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/StudyOperator/StudyOperator.csproj src/StudyOperator/TrimmerRoots.xml src/StudyOperator/
RUN dotnet restore src/StudyOperator/StudyOperator.csproj -r linux-x64 -p:PublishAot=true
COPY src/StudyOperator/ src/StudyOperator/
# Native AOT: one native executable, no .NET runtime in the image; about 80 MB resident instead of 110+ (docs/image.md).
RUN dotnet publish src/StudyOperator/StudyOperator.csproj -c Release -r linux-x64 -p:PublishAot=true \
      --no-restore -p:InvariantGlobalization=true -o /out \
 && rm -f /out/*.dbg /out/*.xml

FROM ${PUBLISHED} AS published

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=published /out/ /app/
# Non-root, matching the pods' runAsUser; the root filesystem can be read-only.
USER 65532:65532
ENV DOTNET_EnableDiagnostics=0
EXPOSE 8080 8081
ENTRYPOINT ["/app/study-operator"]
