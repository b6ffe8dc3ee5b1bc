using System.Net;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Agents;
using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests.Agents;

public sealed class AgentRegistrationWatcherTests
{
    [Fact]
    public async Task A_phone_registering_then_expiring_tells_its_agents_grain_registered_then_not()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = new AgentRegistrationWatcher(registrar, agents.Directory, agents.Grains, NullLogger<AgentRegistrationWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        registrar.Change("sip:1001@telephony.example", registered: true);
        Assert.Equal((agent.Agent.Id, true), await NextAsync(agents.Grains));

        registrar.Change("sip:1001@telephony.example", registered: false);
        Assert.Equal((agent.Agent.Id, false), await NextAsync(agents.Grains));

        // A phone that is no agent's (another service's AOR) is ignored; the next real change still gets through.
        registrar.Change("sip:nobody@telephony.example", registered: true);
        registrar.Change("sip:1001@10.0.0.5", registered: true);
        Assert.Equal((agent.Agent.Id, true), await NextAsync(agents.Grains));
        await watcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_unreachable_grain_is_logged_and_the_next_change_is_still_sent()
    {
        await using var agents = await AgentsUnderTest.CreateAsync();
        var agent = await agents.CreateAgentAsync("1001");
        var registrar = new FakeRegistrar();
        using var watcher = new AgentRegistrationWatcher(registrar, agents.Directory, agents.Grains, NullLogger<AgentRegistrationWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        agents.Grains.Failure = new TimeoutException("silo down");
        registrar.Change("sip:1001@telephony.example", registered: true);
        await Task.Delay(200);
        agents.Grains.Failure = null;
        registrar.Change("sip:1001@telephony.example", registered: false);

        Assert.Equal((agent.Agent.Id, false), await NextAsync(agents.Grains));
        await watcher.StopAsync(CancellationToken.None);
    }

    private static async Task<(string, bool)> NextAsync(FakeCallCentreGrains grains)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await grains.Registrations.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>A registrar whose bindings the test sets, raising BindingsChanged as the real one does.</summary>
    private sealed class FakeRegistrar : ISipRegistrar
    {
        private readonly Dictionary<string, IReadOnlyList<SipBinding>> _byAor = new(StringComparer.Ordinal);

        public event EventHandler<SipBindingsChangedEventArgs>? BindingsChanged;

        public IReadOnlyList<SipBinding> Lookup(string aor) => _byAor.GetValueOrDefault(aor) ?? [];

        public IReadOnlyList<SipBinding> LookupUser(string user) =>
            _byAor.Where(kv => SipUri.TryParse(kv.Key, out var uri) && uri!.User == user).SelectMany(kv => kv.Value).ToList();

        public void Change(string aor, bool registered)
        {
            _byAor[aor] = registered ? [Binding(aor)] : [];
            BindingsChanged?.Invoke(this, new SipBindingsChangedEventArgs(aor, _byAor[aor]));
        }

        private static SipBinding Binding(string aor)
        {
            SipUri.TryParse("sip:phone@127.0.0.1:5062", out var contact);
            // SipFlow is only made by the transport; a test binding borrows its constructor.
            var flow = (SipFlow)Activator.CreateInstance(typeof(SipFlow), BindingFlags.NonPublic | BindingFlags.Instance, null,
                [SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5062), new IPEndPoint(IPAddress.Loopback, 5060), null], null)!;
            return new SipBinding(aor, contact!, flow, DateTimeOffset.UtcNow.AddHours(1), "call-id", 1);
        }
    }
}
