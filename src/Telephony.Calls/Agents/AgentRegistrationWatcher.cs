using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;

namespace Telephony.Calls.Agents;

/// <summary>
/// Tells each agent's grain whether its phone is registered, from the registrar's changes: calls are offered to an
/// agent only while its phone is registered, and the expiry or removal of the last registration logs it out of every
/// queue (the grain's <c>SetPhoneRegistered(false)</c>).
/// </summary>
/// <remarks>
/// Changes are queued and sent one at a time, each as the registrar's state when it is sent (not as it was when
/// raised), so a quick register-unregister-register can never leave the grain with a stale answer.
/// </remarks>
public sealed class AgentRegistrationWatcher : BackgroundService
{
    private readonly ISipRegistrar _registrar;
    private readonly AgentDirectory _directory;
    private readonly ICallCentreGrains _grains;
    private readonly ILogger<AgentRegistrationWatcher> _logger;
    private readonly Channel<string> _changedUsers = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public AgentRegistrationWatcher(ISipRegistrar registrar, AgentDirectory directory, ICallCentreGrains grains, ILogger<AgentRegistrationWatcher> logger)
    {
        _registrar = registrar;
        _directory = directory;
        _grains = grains;
        _logger = logger;
        // Subscribed at once, not when the service starts: a registration in between is queued, not missed.
        _registrar.BindingsChanged += OnBindingsChanged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var user in _changedUsers.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await TellGrainAsync(user).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _registrar.BindingsChanged -= OnBindingsChanged;
        _changedUsers.Writer.TryComplete();
        base.Dispose();
    }

    private void OnBindingsChanged(object? sender, SipBindingsChangedEventArgs change)
    {
        if (SipUri.TryParse(change.Aor, out var aor) && !string.IsNullOrEmpty(aor!.User))
        {
            _changedUsers.Writer.TryWrite(aor.User);
        }
    }

    private async Task TellGrainAsync(string user)
    {
        if (_directory.AgentIdOf(user) is not { } agentId)
        {
            return;
        }

        // Registered under any host counts: the registrar only lets the authenticated user register its own AOR.
        var registered = _registrar.LookupUser(user).Count > 0;
        try
        {
            await _grains.SetPhoneRegisteredAsync(agentId, registered).ConfigureAwait(false);
            _logger.LogInformation("Agent {AgentId}: phone {Registered}", agentId, registered ? "registered" : "no longer registered");
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _logger.LogWarning(error, "Agent {AgentId}: could not tell its grain that the phone is {Registered}", agentId, registered ? "registered" : "unregistered");
        }
    }
}
