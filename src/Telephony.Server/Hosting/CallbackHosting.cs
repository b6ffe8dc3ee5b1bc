using Microsoft.Extensions.Options;
using Telephony.Calls;
using Telephony.Calls.Callbacks;
using Telephony.Calls.Configuration;
using Telephony.Calls.Metrics;
using Telephony.Grains.Abstractions;
using Telephony.Grains.Callbacks;
using Telephony.Storage;

namespace Telephony.Server.Hosting;

/// <summary>
/// Wiring of callback execution: the <c>Trunk</c> and <c>Callbacks</c> settings (checked now: a bad value stops the
/// start-up naming its key), the trunk, the executor the callback grains' reminders hand callbacks to, and at start-up a
/// reminder for every active callback (repairing any a crash left without one).
/// </summary>
public static class CallbackHosting
{
    public static IServiceCollection AddCallbackExecution(this IServiceCollection services, IConfiguration configuration)
    {
        var trunk = configuration.GetSection(TrunkSettings.SectionName).Get<TrunkSettings>() ?? new TrunkSettings();
        trunk.Validate();
        var callbacks = configuration.GetSection(CallbackSettings.SectionName).Get<CallbackSettings>() ?? new CallbackSettings();
        callbacks.Validate();
        services.Configure<TrunkSettings>(configuration.GetSection(TrunkSettings.SectionName));
        services.Configure<CallbackSettings>(configuration.GetSection(CallbackSettings.SectionName));
        // Orleans refuses reminder periods under its minimum (1 minute by default): ours is the configured one.
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(o.MinimumReminderPeriod.Ticks, callbacks.ReminderPeriod.Ticks)));
        services.AddSingleton(new CallbackReminderOptions(callbacks.ReminderPeriod));
        services.AddSingleton<CitizenTrunk>();
        services.AddSingleton<CallbackAttempt>();
        services.AddSingleton<CallbackRunner>();
        services.AddSingleton<CallbackExecutor>();
        services.AddSingleton<ICallbackExecutor>(sp => sp.GetRequiredService<CallbackExecutor>());
        return services;
    }

    /// <summary>Register after the service that opens SIP: started once calls can be placed, stopped before SIP closes.</summary>
    public static IServiceCollection AddCallbackStartup(this IServiceCollection services) => services.AddHostedService<CallbackStartup>();

    private sealed class CallbackStartup(
        CallbackRequestRepository requests,
        CallbackExecutor executor,
        CitizenTrunk trunk,
        IOptions<TrunkSettings> trunkSettings,
        IOptions<Calls.Configuration.MetricsSettings> metricsSettings,
        IGrainFactory grains,
        ILineScripts scripts,
        TelephonyMetrics metrics,
        ServiceHealth health,
        ILogger<CallbackExecutor> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var state = trunk.Enabled
                ? $"trunk {trunkSettings.Value.Address} over {trunkSettings.Value.Transport}{(trunkSettings.Value.Credentials is null ? "" : " with digest")}"
                : "disabled (Trunk:Address is not set): callbacks are stored, never dialled";
            health.Set("callbacks", state);
            logger.LogInformation("Callbacks: {State}", state);
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(RefreshPendingAsync);
            var active = await requests.ListActiveAsync(100_000, cancellationToken);
            foreach (var (id, due) in active)
            {
                await grains.GetGrain<ICallbackGrain>(id.ToString("D")).Schedule(due);
            }

            if (active.Count > 0)
            {
                logger.LogInformation("Callbacks: {Count} active callback(s) have their reminder", active.Count);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => executor.DrainAsync(TimeSpan.FromSeconds(10));

        // Each node counts what it holds; the node exporting the cluster-wide figures adds the pending ones no node holds.
        private async Task RefreshPendingAsync(CancellationToken cancel)
        {
            var counts = new Dictionary<(string Network, string Line), long>(executor.Held);
            if (metricsSettings.Value.ExportAgentStates)
            {
                try
                {
                    foreach (var (line, count) in await requests.CountUnheldAsync(cancel))
                    {
                        counts[line] = counts.GetValueOrDefault(line) + count;
                    }
                }
                catch (Exception error) when (error is not OutOfMemoryException and not OperationCanceledException)
                {
                    logger.LogWarning(error, "Callbacks: the pending count could not be read");
                }
            }

            metrics.SetCallbacksPending(counts, scripts.Current.Scripts.Select(s => (s.Network, s.LineLabel)));
        }
    }
}
