using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// The 49 RFC 4475 torture messages, byte-exact, sent to the running server over UDP and over TCP: invalid ones get
/// the status the RFC names, valid ones a sane answer, responses are dropped, and the server keeps serving.
/// </summary>
public partial class SipConformanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(2);

    // What RFC 4475 asks of a UAS for each message (INDEX.tsv paraphrases the RFC's text). Empty set: no answer at all.
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        // §3.1.2 invalid messages.
        ["badinv01"] = [400], ["clerr"] = [400], ["ncl"] = [400], ["scalar02"] = [400], ["quotbal"] = [400],
        ["ltgtruri"] = [400], ["lwsruri"] = [400], ["lwsstart"] = [400], ["trws"] = [400], ["escruri"] = [400],
        ["baddate"] = [400, 404], ["regbadct"] = [400], ["badaspec"] = [400], ["baddn"] = [400], ["badvers"] = [505],
        ["mismatch01"] = [400], ["mismatch02"] = [501, 400], ["insuf"] = [400], ["multi01"] = [400], ["mcl01"] = [400],
        // Responses: a UAS drops them (no transaction matches, bigcode/scalarlg are malformed).
        ["bigcode"] = [], ["scalarlg"] = [], ["unreason"] = [], ["noreason"] = [], ["bcast"] = [],
        // §3.3 application layer.
        ["unkscm"] = [416], ["novelsc"] = [416], ["bext01"] = [420], ["invut"] = [415], ["sdp01"] = [406, 400],
        ["zeromf"] = [483, 200], ["badbranch"] = [200, 400], ["wsinv"] = [481], ["intmeth"] = [501], ["esc02"] = [501],
        ["esc01"] = [404], ["inv2543"] = [404], ["longreq"] = [404, 481], ["mpart01"] = [405, 415, 501],
        ["lwsdisp"] = [200], ["semiuri"] = [200], ["transports"] = [200],
    };

    [SipConformanceFact]
    public async Task Torture_messages_over_tcp_get_rfc4475_answers_and_the_server_keeps_serving()
    {
        await using var server = await ServerProcess.StartAsync();
        var failures = new List<string>();
        foreach (var message in TortureCorpus.All())
        {
            Check(message, "tcp", await ExchangeTcpAsync(server.SipPort, message), failures);
        }

        await AssertStillServingAsync(server, failures);
    }

    [SipConformanceFact(needsUdpPort5060: true)]
    public async Task Torture_messages_over_udp_get_rfc4475_answers_and_the_server_keeps_serving()
    {
        // The messages' Vias send the answers to 127.0.0.1:5060: the test must own that port, or it proves nothing.
        using var udp = TryBindResponsePorts();
        Assert.True(udp is not null, $"127.0.0.1:5060 was free when the tests were discovered but is taken now: {SipConformanceFactAttribute.Port5060Taken}");
        await using var server = await ServerProcess.StartAsync();
        var failures = new List<string>();
        foreach (var message in TortureCorpus.All())
        {
            Check(message, "udp", await ExchangeUdpAsync(udp!, server.SipPort, message), failures);
        }

        await AssertStillServingAsync(server, failures);
    }

    private static async Task AssertStillServingAsync(ServerProcess server, List<string> failures)
    {
        Assert.True(await OptionsIsAnsweredAsync(server.SipPort), "the server stopped answering OPTIONS after the torture messages");
        using var health = await server.Http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode} after the torture messages");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private void Check(TortureMessage message, string transport, Exchange exchange, List<string> failures)
    {
        output.WriteLine($"{transport} {message.Name,-11} -> {exchange}");
        if (exchange.Status is { } status && status >= 500 && status != 501 && status != 505)
        {
            failures.Add($"{transport} {message.Name}: server error {status}");
        }

        if (!Expected.TryGetValue(message.Name, out var allowed))
        {
            // Valid messages without a named answer (REGISTER family): anything but a parse failure.
            if (message.IsValid && exchange.Status == 400)
            {
                failures.Add($"{transport} {message.Name}: valid message answered 400 {exchange.Reason}");
            }

            return;
        }

        if (transport == "tcp" && TcpMayStaySilent(message, exchange))
        {
            return;
        }

        var ok = allowed.Length == 0 ? exchange.Status is null : exchange.Status is { } s && allowed.Contains(s);
        if (!ok)
        {
            failures.Add($"{transport} {message.Name}: expected {(allowed.Length == 0 ? "no answer" : string.Join(" or ", allowed))}, got {exchange}");
        }
    }

    // On a stream, a message whose framing is broken cannot be answered reliably: RFC 4475 §3.1.2.2/3 and §3.3.9
    // say to wait for more data or close the connection. The same holds for inv2543 (no Content-Length) and
    // baddn (no empty line after the headers).
    private static bool TcpMayStaySilent(TortureMessage message, Exchange exchange) =>
        message.Name is "clerr" or "ncl" or "mcl01" or "inv2543" or "baddn" && exchange.Status is null;

    private static UdpClient? TryBindResponsePorts()
    {
        try
        {
            return new UdpClient(new IPEndPoint(IPAddress.Loopback, 5060));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task<Exchange> ExchangeUdpAsync(UdpClient socket, int serverPort, TortureMessage message)
    {
        // Answers go to the Via's port (RFC 3261 §18.2.2): quotbal names 5050, so listen there for that message.
        using var extra = message.ViaPort is { } port and not 5060 && !message.AsksRPort ? TryBind(port) : null;
        await socket.SendAsync(message.Bytes, new IPEndPoint(IPAddress.Loopback, serverPort));
        var receiver = extra ?? socket;
        using var deadline = new CancellationTokenSource(AnswerWait);
        try
        {
            while (true)
            {
                var received = await receiver.ReceiveAsync(deadline.Token);
                var answer = ResponseText.Read(received.Buffer);
                if (answer is null || answer.Status == 100 || !message.Owns(answer))
                {
                    continue;
                }

                if (message.Method == "INVITE" && answer.Status >= 300)
                {
                    // Acknowledge so the server's INVITE transaction ends instead of retransmitting for 32 s.
                    await socket.SendAsync(message.AckFor(answer), new IPEndPoint(IPAddress.Loopback, serverPort));
                }

                return new Exchange(answer.Status, answer.Reason, Closed: false);
            }
        }
        catch (OperationCanceledException)
        {
            return new Exchange(null, null, Closed: false);
        }
    }

    private static UdpClient? TryBind(int port)
    {
        try
        {
            return new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task<Exchange> ExchangeTcpAsync(int serverPort, TortureMessage message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, serverPort);
        var stream = client.GetStream();
        await stream.WriteAsync(message.Bytes);
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        using var deadline = new CancellationTokenSource(AnswerWait);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(chunk, deadline.Token);
                if (read == 0)
                {
                    return new Exchange(null, null, Closed: true);
                }

                buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                foreach (var answer in ResponseText.ReadAll(buffer.ToArray()))
                {
                    if (answer.Status != 100 && message.Owns(answer))
                    {
                        if (message.Method == "INVITE" && answer.Status >= 300)
                        {
                            await stream.WriteAsync(message.AckFor(answer));
                        }

                        return new Exchange(answer.Status, answer.Reason, Closed: false);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return new Exchange(null, null, Closed: e is IOException);
        }
    }

    private static async Task<bool> OptionsIsAnsweredAsync(int serverPort)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.Client.LocalEndPoint!;
        var callId = Guid.NewGuid().ToString("N");
        var options = Encoding.ASCII.GetBytes(
            $"OPTIONS sip:probe@127.0.0.1:{serverPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK{callId};rport\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        await socket.SendAsync(options, new IPEndPoint(IPAddress.Loopback, serverPort));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var answer = ResponseText.Read((await socket.ReceiveAsync(deadline.Token)).Buffer);
        return answer?.Status == 200;
    }

    private sealed record Exchange(int? Status, string? Reason, bool Closed)
    {
        public override string ToString() => Status is { } status ? $"{status} {Reason}" : Closed ? "connection closed" : "no answer";
    }
}

/// <summary>
/// The RFC 4475 torture tests. The shared corpus is part of the checkout's contract (CI places shared/ beside it): when
/// it is missing the test fails, it is never skipped. The UDP test is skipped, with the reason printed, only when
/// 127.0.0.1:5060, where the messages' Vias send the answers, is taken by another program.
/// </summary>
public sealed class SipConformanceFactAttribute : FactAttribute
{
    public const string Port5060Taken = "127.0.0.1:5060 is taken by another program, and the torture messages' Vias send the answers there";

    public SipConformanceFactAttribute(bool needsUdpPort5060 = false)
    {
        if (needsUdpPort5060 && !UdpPortIsFree(5060))
        {
            Skip = Port5060Taken;
        }
    }

    private static bool UdpPortIsFree(int port)
    {
        try
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The shared torture corpus: <c>&lt;repository root&gt;/../shared/sip-torture</c>.</summary>
internal static class TortureCorpus
{
    public static string ExpectedPath => Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "sip-torture"));

    /// <summary>Every message, valid then invalid; fails when the corpus is missing or incomplete (49 messages).</summary>
    public static IReadOnlyList<TortureMessage> All()
    {
        Assert.True(File.Exists(Path.Combine(ExpectedPath, "INDEX.tsv")),
            $"RFC 4475 torture messages not found at {ExpectedPath} (shared/ must be beside the checkout, as in CI)");
        var messages = Read().ToList();
        Assert.True(messages.Count == 49, $"{messages.Count} torture messages in {ExpectedPath}, RFC 4475 has 49");
        return messages;
    }

    private static IEnumerable<TortureMessage> Read() =>
        new[] { "valid", "invalid" }
            .SelectMany(folder => System.IO.Directory.GetFiles(Path.Combine(ExpectedPath, folder), "*.dat").Order()
                .Select(path => new TortureMessage(Path.GetFileNameWithoutExtension(path), folder == "valid", File.ReadAllBytes(path))));
}

/// <summary>One torture message and what identifies the answers to it.</summary>
internal sealed partial record TortureMessage(string Name, bool IsValid, byte[] Bytes)
{
    private string Text => Encoding.Latin1.GetString(Bytes);

    public string Method => Text.Split(' ', 2)[0];

    private string? CallId => CallIdLine().Match(Text) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    public int? ViaPort => ViaPortPattern().Match(Text) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool AsksRPort => RPortPattern().IsMatch(Text);

    private string? Branch => BranchPattern().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// True when the answer is to this message: same Call-ID, or same branch and method as a client matches them
    /// (RFC 3261 §17.1.3; unkscm and novelsc share a branch and sent-by, so the server rightly sees one transaction).
    /// </summary>
    public bool Owns(ResponseText answer) =>
        CallId is null || answer.CallId is null || answer.CallId == CallId
        || (Branch is not null && answer.Header("Via").Contains($"branch={Branch}", StringComparison.Ordinal) && answer.Header("CSeq").EndsWith(Method, StringComparison.Ordinal));

    /// <summary>ACK for a non-2xx final answer to this INVITE: same Via branch, the answer's To tag (RFC 3261 §17.1.1.3).</summary>
    public byte[] AckFor(ResponseText answer)
    {
        var requestUri = Text.Split(' ', 3)[1];
        var ack = $"ACK {requestUri} SIP/2.0\r\nVia: {answer.Header("Via")}\r\nMax-Forwards: 70\r\nFrom: {answer.Header("From")}\r\n" +
            $"To: {answer.Header("To")}\r\nCall-ID: {answer.CallId}\r\nCSeq: {answer.CSeqNumber} ACK\r\nContent-Length: 0\r\n\r\n";
        return Encoding.UTF8.GetBytes(ack);
    }

    [GeneratedRegex(@"^(?:Call-ID|i)[ \t]*:(.*?)\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdLine();

    [GeneratedRegex(@"^(?:Via|v)[ \t]*:[^\r\n]*?;rport", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex RPortPattern();

    [GeneratedRegex(@"^(?:Via|v)[ \t]*:[^\r\n]*?;branch=([^;,\s]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@"^(?:Via|v)[ \t]*:[^\r\n]*?(?:UDP|TCP)[ \t]+[^:;\r\n]+:(\d+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ViaPortPattern();
}

/// <summary>Just enough reading of the server's answers (our own well-formed output) to check them.</summary>
internal sealed record ResponseText(int Status, string Reason, IReadOnlyDictionary<string, string> Headers)
{
    public string? CallId => Headers.GetValueOrDefault("call-id");

    public string CSeqNumber => Header("CSeq").Split(' ')[0];

    public string Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant()) ?? string.Empty;

    public static ResponseText? Read(byte[] bytes) => ReadAll(bytes).FirstOrDefault();

    public static IEnumerable<ResponseText> ReadAll(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        foreach (var block in text.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split("\r\n");
            var start = lines[0].Split(' ', 3);
            if (start.Length < 2 || start[0] != "SIP/2.0" || !int.TryParse(start[1], out var status))
            {
                continue;
            }

            var headers = new Dictionary<string, string>();
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.TryAdd(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim());
                }
            }

            yield return new ResponseText(status, start.Length > 2 ? start[2] : string.Empty, headers);
        }
    }
}
