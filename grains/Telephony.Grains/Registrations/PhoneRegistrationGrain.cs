using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Registrations;

/// <summary>
/// See <see cref="IPhoneRegistrationGrain"/>. Expired bindings are dropped whenever the grain runs; while it holds any,
/// a reminder wakes it every minute, on whichever silo is alive, so that the bindings of a node that died (and will
/// never publish again) lapse even when nobody asks, and the agent is logged out when the last one does.
/// </summary>
public sealed class PhoneRegistrationGrain(
    [PersistentState("registrations", "Default")] IPersistentState<PhoneRegistrationRecord> record,
    TimeProvider time,
    ILogger<PhoneRegistrationGrain> logger) : Grain, IPhoneRegistrationGrain, IRemindable
{
    private const string ExpiryReminder = "expiry";

    // Orleans' reminders are meant for periods of a minute or more.
    private static readonly TimeSpan ExpiryCheck = TimeSpan.FromMinutes(1);

    private const int MaxBindingsPerNode = 16;

    private IGrainReminder? _reminder;

    private PhoneRegistrationRecord Record => record.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _reminder = await this.GetReminder(ExpiryReminder);

    public async Task<IReadOnlyList<PhoneBinding>> Publish(string agentId, string node, IReadOnlyList<PhoneBinding> bindings)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentNullException.ThrowIfNull(bindings);
        if (bindings.Count > MaxBindingsPerNode)
        {
            throw new ArgumentException($"At most {MaxBindingsPerNode} bindings per node.", nameof(bindings));
        }

        Record.AgentId = agentId;
        Record.Bindings.RemoveAll(b => b.Node == node);
        Record.Bindings.AddRange(bindings.Select(b => b with { Node = node }));
        // Every publication tells the agent: the agent's grain ignores an answer it already has.
        await SettleAsync(changed: true, tellAgent: true);
        return Current();
    }

    public async Task<IReadOnlyList<PhoneBinding>> GetBindings()
    {
        await SettleAsync(changed: false, tellAgent: false);
        return Current();
    }

    public Task<bool> IsRegistered()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(Record.Bindings.Any(b => b.ExpiresAt > now));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SettleAsync(changed: false, tellAgent: false);

    private IReadOnlyList<PhoneBinding> Current() => Record.Bindings.OrderByDescending(b => b.ExpiresAt).ToList();

    /// <summary>
    /// Drops what expired, writes the bindings when they changed (they are what the other nodes ring), then tells the
    /// agent's grain when asked to or when the answer changed; a failure to tell it is retried at the next run.
    /// </summary>
    private async Task SettleAsync(bool changed, bool tellAgent)
    {
        var now = time.GetUtcNow();
        changed |= Record.Bindings.RemoveAll(b => b.ExpiresAt <= now) > 0;
        var registered = Record.Bindings.Count > 0;
        if (changed)
        {
            await record.WriteStateAsync();
        }

        if (Record.AgentId is { } agentId && (tellAgent || registered != Record.Registered))
        {
            await GrainFactory.GetGrain<IAgentGrain>(agentId).SetPhoneRegistered(registered);
            if (registered != Record.Registered)
            {
                logger.LogInformation("Agent {AgentId}: phone {Registered} in the cluster", agentId, registered ? "registered" : "no longer registered");
                Record.Registered = registered;
                await record.WriteStateAsync();
            }
        }

        await KeepReminderAsync(registered);
    }

    private async Task KeepReminderAsync(bool needed)
    {
        if (needed && _reminder is null)
        {
            _reminder = await this.RegisterOrUpdateReminder(ExpiryReminder, ExpiryCheck, ExpiryCheck);
        }
        else if (!needed && _reminder is not null)
        {
            await this.UnregisterReminder(_reminder);
            _reminder = null;
        }
    }
}
