using System.Globalization;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>The one codec a sipp agent phone answers with: G.729 is one the server does not have.</summary>
public enum AgentPhoneCodec
{
    Pcma,
    Pcmu,
    G729,
}

/// <summary>How a sipp agent phone behaves when the server rings it.</summary>
public enum AgentPhoneBehaviour
{
    /// <summary>Answers after the delay, speaks its tone, and the agent hangs up after the talk time.</summary>
    AnswersThenHangsUp,

    /// <summary>Answers after the delay, speaks its tone, and waits for the server's BYE (the caller hangs up).</summary>
    AnswersAndWaits,

    /// <summary>Every call gets 486 Busy Here.</summary>
    Busy,
}

/// <summary>
/// An agent's desk phone played by sipp: it REGISTERs its extension with digest authentication (sipp's
/// [authentication]) and answers, as an out-of-call scenario of the same process and port, the calls the server
/// places to it — the registration's own flow, as a phone behind NAT would be reached.
/// </summary>
public sealed class SippAgentPhone : IAsyncDisposable
{
    private readonly ExternalProcess _sipp;
    private readonly string _directory;

    private SippAgentPhone(ExternalProcess sipp, string directory, int sipPort, int mediaPort)
    {
        _sipp = sipp;
        _directory = directory;
        SipPort = sipPort;
        MediaPort = mediaPort;
    }

    public int SipPort { get; }

    /// <summary>Where the phone receives (and sends) RTP: the agent's ear and mouth.</summary>
    public int MediaPort { get; }

    public string Output => _sipp.Output;

    /// <param name="tone">The agent's voice: an 8 kHz mono WAV in the codec's G.711 law, looped while talking.</param>
    /// <param name="answerAfter">How long the phone rings before the agent picks up (a long one: ring-no-answer).</param>
    /// <param name="talk">With <see cref="AgentPhoneBehaviour.AnswersThenHangsUp"/>: how long the agent talks.</param>
    /// <param name="codec">What the phone answers with (the callers' legs are PCMA: with PCMU the bridge transcodes).</param>
    /// <param name="serverPort">Where the phone registers: a node, or Kamailio in front of the nodes (then <paramref name="behindProxy"/>).</param>
    /// <param name="localAddress">The phone's own address (another 127.0.0.x than other peers' to be a different source).</param>
    public static SippAgentPhone Start(
        int serverPort,
        string extension,
        string password,
        AgentPhoneBehaviour behaviour,
        string tone,
        TimeSpan answerAfter,
        TimeSpan talk,
        AgentPhoneCodec codec = AgentPhoneCodec.Pcma,
        TimeSpan? registeredFor = null,
        bool behindProxy = false,
        string localAddress = "127.0.0.1")
    {
        var directory = TestTemp.NewDirectory("agent-phone");
        var sipPort = FreePorts.Next();
        var mediaPort = Sipp.NextMediaPort();
        var answer = behaviour switch
        {
            AgentPhoneBehaviour.AnswersThenHangsUp => "agent_answer_hangs_up.xml",
            AgentPhoneBehaviour.AnswersAndWaits => "agent_answer_waits_for_bye.xml",
            _ => "agent_busy.xml",
        };
        var values = new Dictionary<string, string>
        {
            ["AGENT"] = extension,
            ["PASSWORD"] = password,
            ["HOLD_MS"] = Milliseconds(registeredFor ?? TimeSpan.FromSeconds(90)),
            ["ANSWER_AFTER_MS"] = Milliseconds(answerAfter),
            ["TALK_MS"] = Milliseconds(talk),
            ["TONE"] = tone,
            ["CODEC_PT"] = codec switch { AgentPhoneCodec.Pcmu => "0", AgentPhoneCodec.G729 => "18", _ => "8" },
            ["CODEC_NAME"] = codec switch { AgentPhoneCodec.Pcmu => "PCMU", AgentPhoneCodec.G729 => "G729", _ => "PCMA" },
            // Behind a proxy (Kamailio), the phone answers with the INVITE's Record-Route and routes its BYE through it.
            ["RR_EREG"] = behindProxy ? """<ereg regexp=".+" search_in="hdr" header="Record-Route:" check_it="true" assign_to="record_route" />""" : "",
            ["RECORD_ROUTE"] = behindProxy ? "[last_Record-Route:]\n      " : "",
            ["ROUTE"] = behindProxy ? "Route: [$record_route]\n      " : "",
        };
        string[] arguments =
        [
            "-sf", Fill("agent_register.xml", directory, values),
            "-oocsf", Fill(answer, directory, values),
            "-i", localAddress, "-mi", localAddress,
            "-p", sipPort.ToString(CultureInfo.InvariantCulture),
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-m", "1", "-l", "1", "-nostdin",
            "-trace_err",
            "-trace_msg",
            $"127.0.0.1:{serverPort}",
        ];
        return new SippAgentPhone(ExternalProcess.Start(Sipp.Executable, arguments, directory), directory, sipPort, mediaPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _sipp.StopAsync(TimeSpan.FromSeconds(2));
        await _sipp.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // sipp's logs may still be open: the per-process temp root is removed at exit anyway.
        }
    }

    /// <summary>Every SIP message the phone sent and received (sipp's message trace).</summary>
    public string Messages => Logs("*_messages.log");

    /// <summary>sipp's own record of unexpected messages, for failure reports.</summary>
    public string Errors => Logs("*_errors.log");

    private string Logs(string pattern) =>
        string.Join("\n", Directory.Exists(_directory) ? Directory.GetFiles(_directory, pattern).Select(File.ReadAllText) : []);

    /// <summary>Copies a scenario template into the phone's folder with its {{PLACEHOLDERS}} filled.</summary>
    private static string Fill(string template, string directory, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", template));
        foreach (var (name, value) in values)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        var path = Path.Combine(directory, template);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
