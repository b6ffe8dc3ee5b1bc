using System.Net;
using Telephony.Sip.Auth;
using Telephony.Sip.Registrar;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transport;
using Xunit.Abstractions;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>A real phone (baresip) registering with digest auth to our registrar on loopback.</summary>
public class BaresipRegistrationTests(ITestOutputHelper output)
{
    private const string Aor = "sip:agent1@127.0.0.1";

    [BaresipFact]
    public async Task Baresip_registers_with_digest_and_its_binding_is_visible_through_lookup()
    {
        await using var endpoint = await StartAsync();
        var registrar = (SipRegistrar)endpoint.Registrar!;
        var registered = new TaskCompletionSource<SipBindingsChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        registrar.BindingsChanged += (_, e) => registered.TrySetResult(e);
        using var phone = BaresipProcess.Start(endpoint.UdpLocalEndPoint.Port, "agent1", "secret");

        var change = await WaitOrDumpAsync(registered.Task, phone);

        var binding = Assert.Single(registrar.Lookup(Aor));
        Assert.Equal(Aor, change.Aor);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, phone.ListenPort), binding.ReceivedFrom);
        Assert.Equal(SipTransportKind.Udp, binding.Transport);
        Assert.Equal(phone.ListenPort, binding.ContactUri.Port);
        Assert.True(binding.ExpiresAt > DateTimeOffset.UtcNow.AddSeconds(30));
    }

    [BaresipFact]
    public async Task Baresip_with_a_wrong_password_gets_no_binding()
    {
        var log = new RecordingLog();
        await using var endpoint = await StartAsync(log);
        using var phone = BaresipProcess.Start(endpoint.UdpLocalEndPoint.Port, "agent1", "wrong-password");

        // Bounded wait: long enough for baresip to try, be challenged and answer (it gives up on a second 401).
        var deadline = DateTime.UtcNow.AddSeconds(8);
        while (DateTime.UtcNow < deadline && !log.Lines.Any(l => l.Contains("authentication Rejected", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        output.WriteLine(phone.Output);
        Assert.Contains(log.Lines, l => l.Contains("authentication Rejected", StringComparison.Ordinal));
        Assert.Empty(endpoint.Registrar!.Lookup(Aor));
    }

    private static async Task<SipEndpoint> StartAsync(RecordingLog? log = null)
    {
        var endpoint = new SipEndpoint(new SipEndpointOptions { BindAddress = IPAddress.Loopback, Port = 0 }, new AnsweringHandler(), log ?? new RecordingLog());
        var store = new InMemorySipCredentialStore([new SipCredential("agent1", "agents", "secret")]);
        endpoint.UseRegistrar(new SipRegistrar(new SipRegistrarOptions { Realm = "agents" }, store, log: log));
        await endpoint.StartAsync(CancellationToken.None);
        return endpoint;
    }

    private async Task<T> WaitOrDumpAsync<T>(Task<T> task, BaresipProcess phone)
    {
        try
        {
            return await task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            output.WriteLine(phone.Output);
        }
    }
}
