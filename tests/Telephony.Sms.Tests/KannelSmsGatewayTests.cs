using System.Net;
using System.Net.Sockets;

namespace Telephony.Sms.Tests;

public sealed class KannelSmsGatewayTests
{
    private static SmsSettings Settings(int port = 13013, int timeoutSeconds = 10) => new()
    {
        GatewayUrl = $"http://127.0.0.1:{port}/cgi-bin/sendsms",
        Username = "telephony",
        Password = "p&ss=word",
        Sender = "CNAV",
        TimeoutSeconds = timeoutSeconds,
    };

    private static Dictionary<string, string> Query(Uri uri) => uri.Query.TrimStart('?').Split('&')
        .Select(p => p.Split('=', 2))
        .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public void A_gsm_text_goes_with_coding_0_in_utf8_and_the_plus_of_the_number_escaped()
    {
        using var gateway = new KannelSmsGateway(Settings());

        var uri = gateway.RequestUri(new SmsMessage("+33612345678", "Rendez-vous à 14 h, code : 4KQ7."));

        Assert.Equal("/cgi-bin/sendsms", uri.AbsolutePath);
        Assert.Contains("to=%2B33612345678", uri.Query, StringComparison.Ordinal);
        Assert.Contains("text=Rendez-vous%20%C3%A0%2014%20h", uri.Query, StringComparison.Ordinal);
        var query = Query(uri);
        Assert.Equal(("telephony", "p&ss=word", "CNAV"), (query["username"], query["password"], query["from"]));
        Assert.Equal(("UTF-8", "0"), (query["charset"], query["coding"]));
    }

    [Fact]
    public void A_text_outside_the_gsm_alphabet_goes_with_coding_2()
    {
        using var gateway = new KannelSmsGateway(Settings());

        var query = Query(gateway.RequestUri(new SmsMessage("+33612345678", "mardi 4 août")));

        Assert.Equal(("mardi 4 août", "2"), (query["text"], query["coding"]));
    }

    [Fact]
    public async Task A_gateway_that_is_not_listening_is_a_failure_not_an_exception()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var gateway = new KannelSmsGateway(Settings(port));

        var result = await gateway.SendAsync(new SmsMessage("+33612345678", "test"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("refused", result.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("p&ss", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_that_never_answers_fails_after_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var gateway = new KannelSmsGateway(Settings(port, timeoutSeconds: 1));
        var started = DateTime.UtcNow;

        var result = await gateway.SendAsync(new SmsMessage("+33612345678", "test"), CancellationToken.None);

        Assert.Equal((false, "no answer within 1 s"), (result.Accepted, result.Detail));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }
}
