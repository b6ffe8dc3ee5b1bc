using System.Collections.Concurrent;

namespace Telephony.Sip.Tests.Support;

internal sealed class RecordingLog : ISipLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Log(SipLogLevel level, string message, Exception? error = null) =>
        Lines.Enqueue($"{level}: {message}{(error is null ? string.Empty : " " + error.Message)}");
}
