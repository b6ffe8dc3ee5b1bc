# The Telephony server (one node). Multi-stage: the SDK builds, the ASP.NET runtime runs, as an unprivileged user.
#   docker build -t telephony .
# docker-compose.yml runs two of these behind Kamailio; see README.md, "Several nodes".
#
# Speech (libvosk and a French model) is not in the image: the node runs DTMF only and says so on /health. Mount
# libvosk.so and a model and set Speech:LibraryPath / Speech:ModelPath to turn it on (README.md, Speech).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The project files first, so a change of code alone does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Telephony.Sip/Telephony.Sip.csproj src/Telephony.Sip/
COPY src/Telephony.Media/Telephony.Media.csproj src/Telephony.Media/
COPY src/Telephony.Ivr/Telephony.Ivr.csproj src/Telephony.Ivr/
COPY src/Telephony.Speech/Telephony.Speech.csproj src/Telephony.Speech/
COPY src/Telephony.Storage/Telephony.Storage.csproj src/Telephony.Storage/
COPY src/Telephony.Storage.Orleans/Telephony.Storage.Orleans.csproj src/Telephony.Storage.Orleans/
COPY src/Telephony.Calls/Telephony.Calls.csproj src/Telephony.Calls/
COPY src/Telephony.Server/Telephony.Server.csproj src/Telephony.Server/
COPY grains/Telephony.Grains.Abstractions/Telephony.Grains.Abstractions.csproj grains/Telephony.Grains.Abstractions/
COPY grains/Telephony.Grains/Telephony.Grains.csproj grains/Telephony.Grains/
RUN dotnet restore src/Telephony.Server/Telephony.Server.csproj
COPY src/ src/
COPY grains/ grains/
RUN dotnet publish src/Telephony.Server/Telephony.Server.csproj -c Release --no-restore -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the health check (GET /health answers 200 once the node is ready).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /opt/telephony
# Relative paths of the configuration (ivr-scripts/, data/) are taken from the working directory.
WORKDIR /srv/telephony
COPY ivr-scripts/ ivr-scripts/
# The image's unprivileged "app" user (uid 1654) owns only the data folder (the generated admin key, caller hash
# key); the program and the scripts stay read-only to it.
RUN mkdir -p data && chown app:app data
USER app
VOLUME ["/srv/telephony/data"]
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_gcServer=0
EXPOSE 5060/udp 5060/tcp 8080/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${TELEPHONY_HTTP_PORT:-8080}/health" > /dev/null || exit 1
ENTRYPOINT ["dotnet", "/opt/telephony/telephony.dll"]
