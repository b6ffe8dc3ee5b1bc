using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>
/// A headless baresip (no audio driver modules, so no sound card needed) with a temporary config directory
/// holding one account; killed on dispose.
/// </summary>
internal sealed class BaresipProcess : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _configDir;
    private readonly StringBuilder _output = new();

    private BaresipProcess(Process process, DirectoryInfo configDir, int listenPort)
    {
        _process = process;
        _configDir = configDir;
        ListenPort = listenPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ListenPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "baresip"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts baresip registering <paramref name="user"/> to 127.0.0.1:<paramref name="registrarPort"/> over UDP.</summary>
    /// <param name="answer">
    /// When set, baresip answers every call at once (an agent who picks up), speaking a WAV file, with its RTP on these
    /// ports; when null it only registers.
    /// </param>
    public static BaresipProcess Start(int registrarPort, string user, string password, BaresipAnswer? answer = null)
    {
        var listenPort = FreeUdpPort();
        var dir = Directory.CreateTempSubdirectory("baresip-");
        var modules = Directory.Exists("/usr/lib/baresip/modules") ? "module_path /usr/lib/baresip/modules\n" : string.Empty;
        var audio = answer is null
            ? "audio_player none\naudio_source none\naudio_alert none\n"
            : "module aufile.so\n" +
              $"audio_source aufile,{answer.Voice}\naudio_player none\naudio_alert none\n" +
              $"rtp_ports {answer.RtpPorts.First.ToString(CultureInfo.InvariantCulture)}-{answer.RtpPorts.Last.ToString(CultureInfo.InvariantCulture)}\n" +
              "module_app menu.so\n";
        File.WriteAllText(Path.Combine(dir.FullName, "config"),
            modules +
            $"sip_listen 127.0.0.1:{listenPort.ToString(CultureInfo.InvariantCulture)}\n" +
            "module g711.so\n" +
            "module_app account.so\n" +
            audio);
        var answerMode = answer is null ? string.Empty : ";answermode=auto";
        File.WriteAllText(Path.Combine(dir.FullName, "accounts"),
            $"<sip:{user}@127.0.0.1:{registrarPort.ToString(CultureInfo.InvariantCulture)};transport=udp>;auth_pass={password};regint=60{answerMode}\n");
        var start = new ProcessStartInfo(FindExecutable()!, $"-f {dir.FullName}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        return new BaresipProcess(Process.Start(start)!, dir, listenPort);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _configDir.Delete(recursive: true);
        }
    }
}

/// <summary>How a baresip agent phone answers: at once, speaking <paramref name="Voice"/> (a 16-bit PCM WAV), RTP on <paramref name="RtpPorts"/>.</summary>
internal sealed record BaresipAnswer(string Voice, (int First, int Last) RtpPorts);
