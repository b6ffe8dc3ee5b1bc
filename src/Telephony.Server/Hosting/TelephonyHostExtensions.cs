using Microsoft.Extensions.Options;
using Prometheus;
using Telephony.Calls;
using Telephony.Calls.Admission;
using Telephony.Calls.Agents;
using Telephony.Calls.Appointments;
using Telephony.Calls.Callbacks;
using Telephony.Calls.Callers;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Calls.Conversations;
using Telephony.Calls.Flow;
using Telephony.Calls.Metrics;
using Telephony.Calls.Queues;
using Telephony.Calls.Speech;
using Telephony.Ivr;
using Telephony.Server.Admin;
using Telephony.Server.AgentConsole;
using Telephony.Server.Booking;
using Telephony.Server.Configuration;
using Telephony.Server.Reporting;
using Telephony.Server.Wallboard;
using Telephony.Server.Records;
using Telephony.Sip.Registrar;
using Telephony.Speech;
using Telephony.Storage;
using Telephony.Storage.Orleans;

namespace Telephony.Server.Hosting;

/// <summary>Wiring only: configuration sections to options, services to the container, endpoints to routes.</summary>
public static class TelephonyHostExtensions
{
    public static WebApplicationBuilder AddTelephony(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        var sip = configuration.GetSection(SipSettings.SectionName).Get<SipSettings>() ?? new SipSettings();
        sip.Validate(); // Fail at start-up with the key's name rather than at the first call.
        if (MonitoringEndpoint.Configure(builder) is { } monitoring)
        {
            services.AddSingleton(new MonitoringAddress(monitoring));
        }

        services.Configure<SipSettings>(configuration.GetSection(SipSettings.SectionName));
        services.Configure<IvrSettings>(configuration.GetSection(IvrSettings.SectionName));
        services.Configure<QueueSettings>(configuration.GetSection(QueueSettings.SectionName));
        services.Configure<MetricsSettings>(configuration.GetSection(MetricsSettings.SectionName));
        services.Configure<AdminSettings>(configuration.GetSection(AdminSettings.SectionName));
        services.Configure<AgentSettings>(configuration.GetSection(AgentSettings.SectionName));
        services.Configure<MediaSettings>(configuration.GetSection(MediaSettings.SectionName));
        services.Configure<CallerSettings>(configuration.GetSection(CallerSettings.SectionName));

        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(storage);
        services.AddSingleton(_ => StorageFactory.CreateConnectionFactory(storage));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<ICallRecordRepository, CallRecordRepository>();
        services.AddSingleton<ICallerCallRepository, CallerCallRepository>();
        var speech = configuration.GetSection("Speech").Get<SpeechOptions>() ?? new SpeechOptions();
        speech.Validate(); // A misspelt Speech:Recognizer fails at start-up, naming the key.
        services.AddSingleton(speech);
        services.AddSingleton<SpeechMetrics>();
        // The model is read once, here, and shared by every call (DTMF only when there is none).
        services.AddSingleton(sp => CallSpeechService.Create(speech, sp.GetRequiredService<SpeechMetrics>(), sp.GetRequiredService<ILoggerFactory>()));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IMetricFactory>(_ => Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.DefaultRegistry));
        services.AddSingleton<TelephonyMetrics>();
        services.AddSingleton<LiveQueueGauges>();
        services.AddSingleton<LineOpenGauge>();
        services.AddSingleton<SipTrafficMetrics>();
        services.AddSingleton<SipProtectionMetrics>();
        services.AddSingleton<RtpTrafficMetrics>();
        services.AddSingleton<ServiceHealth>();
        services.AddSingleton<IvrScriptProvider>();
        services.AddSingleton<ILineScripts>(sp => sp.GetRequiredService<IvrScriptProvider>());
        services.AddSingleton<LineOverrideRepository>();
        services.AddSingleton<CallbackRequestRepository>();
        services.AddSingleton<StorageKeyRegistry>();
        services.AddSingleton<LineOverrideService>();
        services.AddSingleton(sp => new IvrSessionOptions
        {
            ForceOpen = sp.GetRequiredService<IOptions<IvrSettings>>().Value.ForceOpen,
            Overrides = sp.GetRequiredService<LineOverrideService>(),
        });
        services.AddSingleton(sp => new MediaResources(
            sip.ParseBindAddress(), sip.ParseRtpPortRange(), sp.GetRequiredService<IOptions<MediaSettings>>()));
        services.AddSingleton(sp => sp.GetRequiredService<MediaResources>().Prompts);
        AddAdmission(services, configuration);
        services.AddSingleton<CallerKeys>();
        services.AddSingleton<CallerHistory>();
        services.AddSingleton<SipEndpointHolder>();
        services.AddSingleton<IOutboundCalls>(sp => sp.GetRequiredService<SipEndpointHolder>());
        services.AddSingleton<IAgentDialer, SipAgentDialer>();
        services.AddSingleton<ISatisfactionSurvey, ScriptSatisfactionSurvey>();
        services.AddSingleton<IConversation, Conversation>();
        services.AddSingleton<IQueueWaiter, QueueWaiter>();
        services.AddSingleton<IvrCallFlow>();
        services.AddSingleton<CallRecorder>();
        services.AddSingleton<ICallbackRequester, CallbackRequester>();
        services.AddSingleton<IAppointmentCallbacks, AppointmentCallbacks>();
        services.AddSingleton<CallAnswering>();
        services.AddSingleton<CallHandler>();
        services.AddSingleton<SipLogAdapter>();
        services.AddSingleton<AdminApiKey>();
        AddAgents(services, configuration);
        services.AddSingleton(sp => AgentRegistrarFactory.Create(
            sp.GetRequiredService<IOptions<AgentSettings>>(), sp.GetRequiredService<IOptions<SipSettings>>(), sp.GetRequiredService<AgentDirectory>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SipLogAdapter>()));
        services.AddSingleton<ISipRegistrar>(sp => sp.GetRequiredService<SipRegistrar>());
        services.AddSingleton<AdminKeyFilter>();
        services.AddAgentConsole(configuration);
        services.AddReports(configuration);
        services.AddWallboard(configuration);
        services.AddBooking(configuration);
        services.AddCallbackExecution(configuration);

        var orleans = configuration.GetSection(OrleansSettings.SectionName).Get<OrleansSettings>() ?? new OrleansSettings();
        // Clustering, grain storage "Default" and reminders on the configured database (see Telephony.Storage.Orleans).
        builder.UseOrleans(silo => silo.UseTelephonyStorage(storage, orleans.ToSiloOptions()));
        services.AddDurableCallRecords(configuration, storage, sip.Port);

        // Registered after UseOrleans so it starts once the silo is up (hosted services start in order).
        services.AddHostedService<TelephonyStartup>();
        services.AddCallbackStartup();
        services.AddTelephonySms(configuration);
        services.AddHostedService<IvrScriptWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<LineOverrideService>());
        services.AddHostedService(sp => sp.GetRequiredService<AgentDirectory>());
        services.AddHostedService(sp => sp.GetRequiredService<AgentRegistrationWatcher>());
        return builder;
    }

    /// <summary>
    /// Admission control and graceful shutdown: the marks past which new INVITEs get 503 (derived from the RTP range,
    /// <c>ulimit -n</c> and memory unless configured), the drain, and a host shutdown timeout long enough for it.
    /// </summary>
    private static void AddAdmission(IServiceCollection services, IConfiguration configuration)
    {
        var admission = configuration.GetSection(AdmissionSettings.SectionName).Get<AdmissionSettings>() ?? new AdmissionSettings();
        var shutdown = configuration.GetSection(ShutdownSettings.SectionName).Get<ShutdownSettings>() ?? new ShutdownSettings();
        if ((admission.Validate() ?? shutdown.Validate()) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        services.AddSingleton(admission);
        services.AddSingleton(shutdown);
        services.AddSingleton(sp => new ProcessAdmissionProbe(sp.GetRequiredService<MediaResources>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var media = sp.GetRequiredService<MediaResources>();
            var marks = AdmissionMarks.Derive(admission, media.TotalPortPairs, ProcessAdmissionProbe.DescriptorLimit(), ProcessAdmissionProbe.AvailableMemoryBytes());
            return new CallAdmission(marks, sp.GetRequiredService<ProcessAdmissionProbe>());
        });
        services.AddSingleton<CallDrain>();
        // The host's default 30 s would cut the drain short: it then stops the services still stopping, mid-record.
        services.Configure<HostOptions>(options =>
        {
            var needed = TimeSpan.FromSeconds(shutdown.DrainSeconds + 30);
            if (options.ShutdownTimeout < needed)
            {
                options.ShutdownTimeout = needed;
            }
        });
    }

    /// <summary>Agents stored in the database, the registrar's credentials from them, and the grain calls they need.</summary>
    private static void AddAgents(IServiceCollection services, IConfiguration configuration)
    {
        var agents = configuration.GetSection(AgentSettings.SectionName).Get<AgentSettings>() ?? new AgentSettings();
        // A bad bootstrap entry fails here, naming its key, before the silo or anything else starts.
        AgentBootstrap.Validate(agents.ToSeeds());
        services.AddSingleton<IAgentRepository, AgentRepository>();
        services.AddSingleton<IAgentAccounts, AgentAccounts>();
        services.AddSingleton(sp => new AgentDirectory(
            sp.GetRequiredService<IAgentRepository>(), agents.Realm, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AgentDirectory>>()));
        services.AddSingleton<ICallCentreGrains, GrainCallCentre>();
        // This node's name in the cluster: its silo address (host, silo port and start generation).
        services.AddSingleton(sp => new ClusterNode(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()));
        services.AddSingleton<AgentPhones>();
        services.AddSingleton<AgentAdministration>();
        services.AddSingleton<AgentBootstrap>();
        // Resolved with the other hosted services before any starts, so it is subscribed before the SIP port opens.
        services.AddSingleton<AgentRegistrationWatcher>();
    }

    public static WebApplication MapTelephonyEndpoints(this WebApplication app)
    {
        if (app.Services.GetService<MonitoringAddress>() is { } monitoring)
        {
            MonitoringEndpoint.Separate(app, monitoring.Url);
        }

        app.MapMetrics("/metrics");
        // Live queue figures are read when Prometheus scrapes, not polled: always current, no work between scrapes.
        var gauges = app.Services.GetRequiredService<LiveQueueGauges>();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var lineScripts = app.Services.GetRequiredService<ILineScripts>();
        var metricsSettings = app.Services.GetRequiredService<IOptions<MetricsSettings>>();
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(cancel => gauges.RefreshAsync(
            grains, lineScripts.Current.Queues.All.Select(q => q.Id), metricsSettings.Value.ExportAgentStates, cancel));
        var lineOpen = app.Services.GetRequiredService<LineOpenGauge>();
        var ivrOptions = app.Services.GetRequiredService<IvrSessionOptions>();
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() => lineOpen.Refresh(lineScripts.Current, ivrOptions));
        app.MapAdminEndpoints();
        app.MapAgentConsole();
        app.MapOpenData();
        app.MapWallboard();
        app.MapBooking();
        // Created now, not at the first admin request: a generated key file exists as soon as the service runs.
        app.Services.GetRequiredService<AdminApiKey>();
        app.MapGet("/health", (ServiceHealth health, CallHandler calls) =>
        {
            var body = new
            {
                status = health.Ready ? "ready" : "starting",
                activeCalls = calls.ActiveCalls,
                details = health.Details,
            };
            return health.Ready ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
