using System.Collections.Concurrent;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;

namespace Telephony.Speech.Tests.Support;

/// <summary>Metrics that remember every call, thread-safe, as a host's Prometheus adapter would count them.</summary>
internal sealed class RecordingMetrics : ISpeechMetrics
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<TimeSpan> Latencies { get; } = new();

    public int Dropped;

    public int Count(string name) => Calls.Count(c => c.StartsWith(name, StringComparison.Ordinal));

    public void Attempt(SpeechLine line) => Calls.Enqueue($"attempt {line.Network}/{line.Line}");

    public void Matched(SpeechLine line, TimeSpan latency)
    {
        Calls.Enqueue($"matched {line.Network}/{line.Line}");
        Latencies.Enqueue(latency);
    }

    public void NotMatched(SpeechLine line, NoMatchReason reason, TimeSpan latency)
    {
        Calls.Enqueue($"nomatch {reason}");
        Latencies.Enqueue(latency);
    }

    public void KeypadFallback(SpeechLine line) => Calls.Enqueue("fallback");

    public void NoInput(SpeechLine line) => Calls.Enqueue("noinput");

    public void FramesDropped(SpeechLine line, int frames) => Interlocked.Add(ref Dropped, frames);
}
