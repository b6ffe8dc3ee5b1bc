using System.Globalization;
using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Admission;
using Telephony.Calls.Agents;
using Telephony.Calls.Appointments;
using Telephony.Calls.Channels;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Ivr;
using Telephony.Server.Admin;
using Telephony.Server.Configuration;
using Telephony.Sip;
using Telephony.Sip.Registrar;
using Telephony.Calls.Speech;
using Telephony.Storage;

namespace Telephony.Server.Hosting;

/// <summary>
/// Brings the telephony side up after the Orleans silo has started, in the order that keeps promises to callers:
/// storage migrated, scripts valid, and only then the SIP port open. Stops SIP first on shutdown.
/// </summary>
public sealed class TelephonyStartup(
    DatabaseMigrator migrator,
    LineOverrideService lineOverrides,
    StorageOptions storage,
    IvrScriptProvider scripts,
    CallHandler callHandler,
    CallAdmission admission,
    CallDrain drain,
    ShutdownSettings shutdown,
    MediaResources media,
    TelephonyMetrics metrics,
    AppointmentMetrics appointmentMetrics,
    LiveQueueGauges queueGauges,
    SipTrafficMetrics sipTraffic,
    SipProtectionMetrics sipProtection,
    RtpTrafficMetrics rtpTraffic,
    ServiceHealth health,
    SipLogAdapter sipLog,
    SipRegistrar registrar,
    AgentBootstrap agentBootstrap,
    IOptions<AgentSettings> agentSettings,
    SipEndpointHolder outboundCalls,
    IOptions<SipSettings> sipSettings,
    IOptions<QueueSettings> queueSettings,
    IOptions<IvrSettings> ivrSettings,
    CallSpeechService speech,
    SpeechMetrics speechMetrics,
    TimeProvider time,
    ILogger<MediaErrorLog> mediaLog,
    ILogger<TelephonyStartup> logger) : IHostedService, IAsyncDisposable
{
    private SipEndpoint? _sip;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        health.Set("storage", storage.Provider.ToString());
        await lineOverrides.LoadAsync(cancellationToken);

        var scriptSet = scripts.Load();
        DeclareLines(scriptSet);
        scripts.Reloaded += DeclareLines;

        // Before SIP opens: the bootstrap agents exist and every grain has its profile when the first phone registers.
        await agentBootstrap.RunAsync(agentSettings.Value.ToSeeds(), ScriptQueues.Of(scriptSet), cancellationToken);

        // A prompt replaced on disk changes the scripts' version, so a reload also means "read the prompts again".
        scripts.Reloaded += _ => media.Prompts.Clear();
        media.ReportErrorsTo(mediaLog, metrics);
        media.ReportTrafficTo(rtpTraffic, mediaLog);
        logger.LogInformation("Loaded {Count} IVR script(s) from {Path}", scriptSet.Scripts.Count, scripts.ScriptsPath);

        var musicOnHold = queueSettings.Value.ResolveMusicOnHold(ivrSettings.Value);
        if (!File.Exists(musicOnHold))
        {
            logger.LogWarning("Music on hold {Path} not found: queued callers will hear silence", musicOnHold);
        }

        // "... DTMF only" when no model is loaded: /health and telephony_speech_enabled say so, calls use the keypad.
        var availability = speech.Availability;
        health.Set("speech", availability.Detail);
        speechMetrics.SetAvailability(availability);
        logger.LogInformation("Speech: {Detail}", availability.Detail);

        var settings = sipSettings.Value;
        var protection = settings.ToProtectionOptions();
        LogProtection(protection);
        _sip = new SipEndpoint(
            new SipEndpointOptions { BindAddress = settings.ParseBindAddress(), Port = settings.Port, PathMtu = settings.PathMtu, Protection = protection },
            callHandler,
            sipLog,
            time,
            sipTraffic,
            sipProtection);
        _sip.UseRegistrar(registrar);
        await _sip.StartAsync(cancellationToken);
        outboundCalls.Attach(_sip);
        health.Set("sip", string.Create(CultureInfo.InvariantCulture,
            $"udp {_sip.UdpLocalEndPoint}, tcp {_sip.TcpLocalEndPoint}"));
        logger.LogInformation("SIP listening on UDP {Udp} and TCP {Tcp}", _sip.UdpLocalEndPoint, _sip.TcpLocalEndPoint);
        var marks = admission.Marks;
        logger.LogInformation(
            "Admission: new calls refused (503, Retry-After) past {MaxCalls} calls, {MaxSetups} set-ups in flight, {MinFree} free RTP port pairs, {MaxFds} descriptors, {MaxMb:0} MB resident, {MaxPending} work items queued (0: not checked)",
            marks.MaxCalls, marks.MaxSetupsInFlight, marks.MinFreePortPairs, marks.MaxDescriptors, marks.MaxResidentBytes / (1024.0 * 1024), marks.MaxPendingWorkItems);
        if (media.PeerPolicy.TrustedRanges.Count == 0)
        {
            logger.LogInformation("Media: no Media:TrustedRanges; RTP goes only to the SIP peer's address, or to the SDP's once RTP came from it");
        }

        health.MarkReady();
    }

    private void LogProtection(Sip.Protection.SipProtectionOptions protection)
    {
        if (protection.TrunkRanges.Count == 0)
        {
            logger.LogWarning("Sip:TrunkRanges is empty: INVITEs are taken from any address. Set the trunks' and proxies' ranges on a public line");
        }

        if (!protection.Enabled)
        {
            logger.LogWarning("Sip:Protection:Enabled is false: no per-source limit nor ban on the SIP port");
            return;
        }

        logger.LogInformation(
            "SIP protection: {Rate} messages/s (burst {Burst}) per source, ban after {Failures} failed authentications in {Window} s, "
            + "{Tcp} TCP connections per address, {Invites} unacknowledged INVITEs per source, {Calls} calls per source "
            + "({TrunkCalls} per trunk address, 0: no limit), {Allowed} allowed range(s)",
            protection.RequestsPerSecond, protection.RequestBurst, protection.MaxFailedAuthentications, protection.FailedAuthenticationWindow.TotalSeconds,
            protection.MaxTcpConnectionsPerAddress, protection.MaxInvitesWithoutAck, protection.MaxCallsPerSource, protection.MaxCallsPerTrunkSource,
            protection.AllowList.Count);
    }

    private void DeclareLines(IvrScriptSet scriptSet)
    {
        foreach (var script in scriptSet.Scripts)
        {
            metrics.DeclareLine(script.Network, script.LineLabel);
            appointmentMetrics.DeclareLine(script.Network, script.LineLabel);
            speechMetrics.DeclareLine(script.Network, script.LineLabel);
        }

        foreach (var queue in scriptSet.Queues.All)
        {
            metrics.DeclareQueue(queue.Network, queue.Id);
            queueGauges.DeclareQueue(queue.Network, queue.Id);
        }
    }

    /// <summary>
    /// The graceful shutdown: new INVITEs get 503 with Retry-After at once (Kamailio tries the next node), calls in
    /// progress go on for up to <c>Shutdown:DrainSeconds</c>, then the remaining ones are hung up (BYE) and recorded;
    /// SIP stays open throughout for their in-dialog requests and closes last.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        admission.BeginDrain();
        var drainFor = TimeSpan.FromSeconds(shutdown.DrainSeconds);
        var drained = drainFor <= TimeSpan.Zero || await callHandler.WaitForCallsAsync(drainFor);
        if (!drained)
        {
            logger.LogWarning("Drain: {Count} call(s) still in progress after {Seconds:0} s; hanging them up", admission.ActiveCalls, drainFor.TotalSeconds);
        }

        drain.EndCalls();
        // They still need SIP for their BYE, and their records are written before the process exits.
        await callHandler.DrainAsync(TimeSpan.FromSeconds(10));
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_sip is not null)
        {
            await _sip.DisposeAsync();
            outboundCalls.Detach();
            _sip = null;
        }
    }
}
