using System.Globalization;
using System.Net.Sockets;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Kannel on loopback: bearerbox, smsbox (whose sendsms interface the service calls) and Kannel's fake SMSC
/// (<c>fakesmsc</c>, from kannel-extras), which stands where an operator's SMSC would be and prints every SMS it
/// receives. The configuration is generated on free ports in a temporary directory; the ports are chosen at creation,
/// so a test can start Kannel late (it is "down" until then) or stop and start it again on the same address.
/// </summary>
public sealed class KannelGateway : IAsyncDisposable
{
    public const string Username = "telephony";
    public const string Password = "e2e-kannel-password";
    private const string AdminPassword = "e2e-kannel-admin";
    private const string Bearerbox = "/usr/sbin/bearerbox";
    private const string Smsbox = "/usr/sbin/smsbox";
    private const string FakeSmsc = "/usr/lib/kannel/test/fakesmsc";

    private readonly string _directory;
    private readonly string _configuration;
    private readonly List<string> _earlierFakeSmscOutput = [];
    private readonly HttpClient _admin = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ExternalProcess? _bearerbox;
    private ExternalProcess? _smsbox;
    private ExternalProcess? _fakeSmsc;

    private KannelGateway()
    {
        _directory = TestTemp.NewDirectory("kannel");
        AdminPort = FreePorts.Next();
        SmsboxPort = FreePorts.Next();
        SmscPort = FreePorts.Next();
        SendSmsPort = FreePorts.Next();
        _configuration = Path.Combine(_directory, "kannel.conf");
        File.WriteAllText(_configuration, Configuration());
    }

    /// <summary>Why Kannel cannot run here (a program is missing), or null.</summary>
    public static string? UnavailableReason =>
        new[] { Bearerbox, Smsbox, FakeSmsc }.FirstOrDefault(p => !File.Exists(p)) is { } missing
            ? $"{missing} is not installed (scripts/test.sh installs Debian's kannel and kannel-extras)"
            : null;

    public int AdminPort { get; }

    public int SmsboxPort { get; }

    public int SmscPort { get; }

    public int SendSmsPort { get; }

    /// <summary>What the service is configured with as <c>Sms:GatewayUrl</c>.</summary>
    public string SendSmsUrl => $"http://127.0.0.1:{SendSmsPort}/cgi-bin/sendsms";

    /// <summary>Every SMS the fake SMSC has received since the gateway was created, concatenated parts joined.</summary>
    public IReadOnlyList<FakeSmscMessage> Received =>
        FakeSmscOutput.Parse(string.Join('\n', _earlierFakeSmscOutput.Append(_fakeSmsc?.Output ?? "")));

    /// <summary>The three programs' output, for a failing test's message.</summary>
    public string Logs => string.Join('\n',
        $"--- bearerbox:\n{_bearerbox?.Output}",
        $"--- smsbox:\n{_smsbox?.Output}",
        $"--- fakesmsc:\n{string.Join('\n', _earlierFakeSmscOutput)}\n{_fakeSmsc?.Output}");

    /// <summary>Ports chosen and configuration written; nothing runs until <see cref="StartAsync"/>.</summary>
    public static KannelGateway Create() => new();

    public static async Task<KannelGateway> StartNewAsync()
    {
        var gateway = Create();
        try
        {
            await gateway.StartAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Starts bearerbox, then the fake SMSC and smsbox (which give up at once if bearerbox is not listening yet), and waits until the SMSC is online and sendsms listens.</summary>
    public async Task StartAsync()
    {
        if (_bearerbox is not null)
        {
            throw new InvalidOperationException("Kannel is already running.");
        }

        // -v 1: info and above on the console; the fake SMSC keeps debug, the level its received messages print at.
        _bearerbox = ExternalProcess.Start(Bearerbox, ["-v", "1", _configuration], _directory);
        await WaitUntilListeningAsync(SmsboxPort, "bearerbox's smsbox port");
        _fakeSmsc = ExternalProcess.Start(FakeSmsc, ["-H", "127.0.0.1", "-r", SmscPort.ToString(CultureInfo.InvariantCulture), "-m", "0", "0 0 text unused"], _directory);
        _smsbox = ExternalProcess.Start(Smsbox, ["-v", "1", _configuration], _directory);
        await WaitUntilListeningAsync(SendSmsPort, "smsbox's sendsms port");
        await WaitUntilAsync(async () =>
        {
            var status = await _admin.GetStringAsync($"http://127.0.0.1:{AdminPort}/status.txt?password={AdminPassword}");
            return status.Contains("(online", StringComparison.Ordinal) && status.Contains("smsbox:", StringComparison.Ordinal);
        }, "the fake SMSC and smsbox to be connected to bearerbox");
    }

    /// <summary>Stops the three programs; <see cref="Received"/> keeps what the fake SMSC had received.</summary>
    public async Task StopAsync()
    {
        foreach (var process in new[] { _smsbox, _fakeSmsc, _bearerbox })
        {
            if (process is not null)
            {
                await process.StopAsync(TimeSpan.FromSeconds(5));
            }
        }

        if (_fakeSmsc is not null)
        {
            _earlierFakeSmscOutput.Add(_fakeSmsc.Output);
        }

        foreach (var process in new[] { _smsbox, _fakeSmsc, _bearerbox })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        (_smsbox, _fakeSmsc, _bearerbox) = (null, null, null);
    }

    /// <summary>Waits until the fake SMSC holds <paramref name="count"/> messages matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<FakeSmscMessage>> WaitForAsync(Func<FakeSmscMessage, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Received.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The fake SMSC received {found.Count} of {count} expected SMS within {timeout}. All received:\n"
                    + string.Join('\n', Received) + "\n" + Logs);
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _admin.Dispose();
    }

    private string Configuration() => $"""
        # Generated for one end-to-end test: everything on loopback, ports chosen free.
        group = core
        admin-port = {AdminPort}
        admin-interface = 127.0.0.1
        admin-password = {AdminPassword}
        smsbox-port = {SmsboxPort}
        smsbox-interface = 127.0.0.1
        box-allow-ip = 127.0.0.1
        log-file = "{Path.Combine(_directory, "bearerbox.log")}"
        log-level = 0
        store-type = file
        store-location = "{Path.Combine(_directory, "store")}"

        # Kannel's fake SMSC: bearerbox listens, fakesmsc connects and prints what it is sent. Only loopback may connect.
        group = smsc
        smsc = fake
        smsc-id = FAKE
        port = {SmscPort}
        connect-allow-ip = 127.0.0.1

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = {SmsboxPort}
        sendsms-port = {SendSmsPort}
        sendsms-interface = 127.0.0.1
        log-file = "{Path.Combine(_directory, "smsbox.log")}"
        log-level = 0

        # As the README asks of a production smsbox: long texts go as concatenated SMS, never truncated to one.
        group = sendsms-user
        username = {Username}
        password = {Password}
        concatenation = true
        max-messages = 4

        group = sms-service
        keyword = default
        text = "No service"
        """;

    private async Task WaitUntilListeningAsync(int port, string what) => await WaitUntilAsync(async () =>
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return true;
    }, what);

    private async Task WaitUntilAsync(Func<Task<bool>> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception error) when (error is SocketException or HttpRequestException or TaskCanceledException)
            {
                // Not up yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Kannel: timed out waiting for {what}.\n{Logs}");
            }

            await Task.Delay(100);
        }
    }
}
