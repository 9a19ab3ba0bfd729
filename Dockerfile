# MiniKube's programs in one image, for docker-compose.yml. (Not testable on the project's own machines, which run
# no Docker engine: `make up` is the tested way to start the cluster.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish apiserver/MiniKube.ApiServer -c Release -o /out/minikube-apiserver \
 && dotnet publish cli/MiniKube.Cli -c Release -o /out/minictl

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /out /opt/minikube
RUN ln -s /opt/minikube/minikube-apiserver/minikube-apiserver /usr/local/bin/minikube-apiserver \
 && ln -s /opt/minikube/minictl/minictl /usr/local/bin/minictl
