using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>Requests the endpoint answers by itself, without the call handler.</summary>
public class StatelessAnswerTests
{
    [Fact]
    public async Task Options_is_answered_200_with_allow_accept_and_supported()
    {
        await using var fixture = await EndpointFixture.StartAsync();

        await fixture.Peer.SendAsync(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
        var response = await fixture.Peer.ReceiveResponseAsync(200);

        Assert.Contains("INVITE", response.Headers.Get("Allow"), StringComparison.Ordinal);
        Assert.DoesNotContain("REGISTER", response.Headers.Get("Allow"), StringComparison.Ordinal);
        Assert.Contains("application/sdp", response.Headers.Get("Accept"), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Supported"));
        Assert.NotNull(response.To.Tag);
    }

    [Fact]
    public async Task With_a_registrar_options_lists_register_among_the_allowed_methods()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var registrar = new Telephony.Sip.Registrar.SipRegistrar(new Telephony.Sip.Registrar.SipRegistrarOptions(), new Telephony.Sip.Auth.InMemorySipCredentialStore());
        fixture.Endpoint.UseRegistrar(registrar);

        await fixture.Peer.SendAsync(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
        var response = await fixture.Peer.ReceiveResponseAsync(200);

        Assert.Contains("REGISTER", response.Headers.Get("Allow"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROBNICATE", "", 501)]
    [InlineData("REGISTER", "", 405)]
    [InlineData("OPTIONS", "Require: 100rel, foo\r\n", 420)]
    [InlineData("BYE", "", 481)]
    [InlineData("INFO", "", 481)]
    public async Task Requests_get_the_rfc3261_status(string method, string extraHeaders, int expected)
    {
        await using var fixture = await EndpointFixture.StartAsync();

        await fixture.Peer.SendAsync(fixture.Peer.Request(method, EndpointFixture.NewId(), EndpointFixture.NewBranch(), toTag: method is "BYE" or "INFO" ? "unknown" : null, extraHeaders: extraHeaders));
        var response = Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync());

        Assert.Equal(expected, response.StatusCode);
        if (expected == 420)
        {
            Assert.Equal("100rel, foo", response.Headers.Get("Unsupported"));
        }
    }

    [Fact]
    public async Task Max_forwards_zero_is_answered_483()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var request = fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()).Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal);

        await fixture.Peer.SendAsync(request);

        Assert.Equal(483, Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync()).StatusCode);
    }

    [Fact]
    public async Task Malformed_request_is_answered_400_with_the_parse_reason()
    {
        await using var fixture = await EndpointFixture.StartAsync();

        await fixture.Peer.SendAsync(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch(), cseqMethod: "INVITE"));
        var response = Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("CSeq method does not match the request method", response.ReasonPhrase);
    }

    [Fact]
    public async Task Other_sip_version_is_answered_505()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var request = fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()).Replace(" SIP/2.0\r\n", " SIP/3.0\r\n", StringComparison.Ordinal);

        await fixture.Peer.SendAsync(request);

        Assert.Equal(505, Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync()).StatusCode);
    }

    [Fact]
    public async Task Response_follows_rport_and_carries_received()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var request = fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch())
            .Replace($"Via: SIP/2.0/UDP 127.0.0.1:{fixture.Peer.Port}", "Via: SIP/2.0/UDP phone.invalid:5999", StringComparison.Ordinal);

        await fixture.Peer.SendAsync(request);
        var via = (await fixture.Peer.ReceiveResponseAsync(200)).TopVia;

        Assert.Equal("127.0.0.1", via.Received);
        Assert.Equal(fixture.Peer.Port, via.RPort);
    }

    [Fact]
    public async Task Out_of_range_rport_falls_back_to_the_sent_by_port()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        var request = fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()).Replace(";rport\r\n", ";rport=99999\r\n", StringComparison.Ordinal);

        await fixture.Peer.SendAsync(request);

        Assert.Equal(200, (await fixture.Peer.ReceiveResponseAsync(200)).StatusCode);
    }

    [Fact]
    public async Task Oversized_datagram_is_answered_513()
    {
        await using var fixture = await EndpointFixture.StartAsync(configure: o => o.MaxMessageBytes = 600);
        var padding = $"X-Padding: {new string('a', 700)}\r\n";

        await fixture.Peer.SendAsync(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch(), extraHeaders: padding));

        Assert.Equal(513, Assert.IsType<SipResponse>(await fixture.Peer.ReceiveAsync()).StatusCode);
    }

    [Fact]
    public async Task Hostile_datagrams_do_not_stop_the_endpoint_and_transactions_drain()
    {
        // The valid torture INVITEs create calls: reject them so their transactions end on Timer H.
        await using var fixture = await EndpointFixture.StartAsync(call => call.RejectAsync(486, "Busy Here"));
        var random = new Random(3261);
        var probeCallId = EndpointFixture.NewId();
        // Read while sending: hundreds of queued answers would overflow the peer's socket buffer.
        var probeAnswered = Task.Run(async () =>
        {
            while (await ReceiveCallIdOrNullAsync(fixture.Peer, fixture.Log) != probeCallId)
            {
            }
        });
        // The corpus is required: without it this test would send no hostile message at all and prove nothing.
        var hostile = TortureMessages.Names("invalid").Select(n => $"invalid/{n}.dat").Concat(TortureMessages.Names("valid").Select(n => $"valid/{n}.dat")).ToList();
        Assert.NotEmpty(hostile);
        foreach (var file in hostile)
        {
            await fixture.Peer.SendAsync(TortureMessages.Read(file));
        }

        for (var i = 0; i < 200; i++)
        {
            var garbage = Encoding.UTF8.GetBytes(fixture.Peer.Request("OPTIONS", EndpointFixture.NewId(), EndpointFixture.NewBranch()));
            garbage[random.Next(garbage.Length)] = (byte)random.Next(256);
            await fixture.Peer.SendAsync(garbage.AsSpan(0, random.Next(1, garbage.Length)).ToArray());
        }

        // Like a real UA on UDP, retransmit the probe until it is answered (a burst may overflow socket buffers).
        var probe = fixture.Peer.Request("OPTIONS", probeCallId, EndpointFixture.NewBranch());
        for (var attempt = 0; attempt < 25 && !probeAnswered.IsCompleted; attempt++)
        {
            await fixture.Peer.SendAsync(probe);
            await Task.WhenAny(probeAnswered, Task.Delay(200));
        }

        await probeAnswered;

        // Timer J is 64*T1 = 1.28 s here: every transaction must be gone shortly after.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (fixture.Endpoint.ServerTransactionCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, fixture.Endpoint.ServerTransactionCount);
        Assert.DoesNotContain(fixture.Log.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    // Answers to requests that lacked From/To/Call-ID are themselves incomplete: the test peer skips them.
    private static async Task<string?> ReceiveCallIdOrNullAsync(UdpPeer peer, RecordingLog log)
    {
        try
        {
            return (await peer.ReceiveAsync()).CallId;
        }
        catch (SipParseException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(string.Join("\n", log.Lines));
        }
    }
}
