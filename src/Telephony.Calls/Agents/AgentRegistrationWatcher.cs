using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;

namespace Telephony.Calls.Agents;

/// <summary>
/// Publishes this node's phone registrations to the cluster after each change of its registrar (the user's phone
/// registration grain, which any node reads to ring the phone), and so tells each agent's grain whether its phone is
/// registered on any node: calls are offered to an agent only while it is, and the expiry or removal of the last
/// registration, wherever it was, logs it out of every queue (the grain's <c>SetPhoneRegistered(false)</c>).
/// </summary>
/// <remarks>
/// Changes are queued and sent one at a time, each as the registrar's state when it is sent (not as it was when
/// raised), so a quick register-unregister-register can never leave the cluster with a stale answer.
/// </remarks>
public sealed class AgentRegistrationWatcher : BackgroundService
{
    private readonly ISipRegistrar _registrar;
    private readonly AgentDirectory _directory;
    private readonly ICallCentreGrains _grains;
    private readonly ClusterNode _node;
    private readonly ILogger<AgentRegistrationWatcher> _logger;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<string> _changedUsers = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public AgentRegistrationWatcher(
        ISipRegistrar registrar, AgentDirectory directory, ICallCentreGrains grains, ClusterNode node, ILogger<AgentRegistrationWatcher> logger)
    {
        _registrar = registrar;
        _directory = directory;
        _grains = grains;
        _node = node;
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
        // Not disposed: a retry being scheduled may still read its token; a plain source holds nothing to free.
        _stopping.Cancel();
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
        var bindings = _registrar.LookupUser(user).Select(b => AgentPhones.Share(b, _node.Id)).ToList();
        try
        {
            var registered = await _grains.PublishRegistrationsAsync(user, agentId, _node.Id, bindings).ConfigureAwait(false);
            _logger.LogInformation("Agent {AgentId}: {Count} registration(s) on this node, phone {Registered} in the cluster",
                agentId, bindings.Count, registered ? "registered" : "not registered");
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The grain's silo may have just died: try again shortly, as the registrar will be then.
            _logger.LogWarning(error, "Agent {AgentId}: could not publish this node's {Count} registration(s) of its phone; retrying in {Delay}",
                agentId, bindings.Count, RetryDelay);
            _ = Task.Delay(RetryDelay, _stopping.Token).ContinueWith(_ => _changedUsers.Writer.TryWrite(user), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }
}
