using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Telephony.Media.Pacing;

/// <summary>Why a phase group started late (see <see cref="PacingStalls"/>).</summary>
public enum PacingStallCause
{
    /// <summary>The runtime stopped every managed thread for a garbage collection during the stall.</summary>
    GarbageCollection,

    /// <summary>The thread was runnable but waited for a CPU (another real-time thread, the kernel).</summary>
    RunQueue,

    /// <summary>The work of the groups before it (sending) took the time.</summary>
    Busy,

    /// <summary>Neither running nor waiting for a CPU nor in a collection: a lock, another runtime suspension, or the hypervisor.</summary>
    Blocked,
}

/// <summary>A summary of the stalls since the previous <see cref="PacingStalls.Take"/>.</summary>
public readonly record struct PacingStallSummary(long[] CountByCause, TimeSpan Worst, PacingStallCause WorstCause, DateTimeOffset WorstAt)
{
    public long Count => CountByCause.Sum();
}

/// <summary>
/// The pacing thread's late phase groups, each with where the time went, so that a stall that delays every call at
/// once can be told apart: a collection (the runtime's total pause grew), a wait for a CPU (the thread's run delay in
/// <c>/proc/thread-self/schedstat</c> grew), the sending itself, or none of those. The thread reads its schedstat once
/// per tick (one small pread) and the collector's figures once per group; only a stall does more. Written by the
/// pacing thread only, read by any thread through <see cref="Take"/>.
/// </summary>
public sealed class PacingStalls : IDisposable
{
    /// <summary>A group this late counts as a stall: well past the 2 ms the media targets allow, well above sleep jitter.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(5);

    private static readonly int Causes = Enum.GetValues<PacingStallCause>().Length;

    private readonly long _thresholdTicks = (long)(Threshold.TotalSeconds * Stopwatch.Frequency);
    private readonly long[] _counts = new long[Causes];
    private readonly byte[] _schedstat = new byte[96];
    private SafeFileHandle? _schedstatFile;
    private bool _schedstatTried;
    private TimeSpan _tickGcPause;
    private long _tickRunDelayNs;
    private long _worstTicks;
    private int _worstCause;
    private long _worstAtUnixMs;

    /// <summary>Called by the pacing thread at the start of each tick: the figures a stall in this tick is compared with.</summary>
    internal void TickStarted()
    {
        _tickGcPause = GC.GetTotalPauseDuration();
        _tickRunDelayNs = RunDelayNanoseconds();
    }

    /// <summary>
    /// Called by the pacing thread when a group starts (at <paramref name="started"/>, due at <paramref name="due"/>), the
    /// previous group's work having ended at <paramref name="workEnded"/> (Stopwatch timestamps).
    /// </summary>
    internal void GroupStarted(long due, long started, long workEnded)
    {
        var lateness = started - due;
        if (lateness < _thresholdTicks)
        {
            return;
        }

        var halfMs = Stopwatch.GetElapsedTime(0, lateness).TotalMilliseconds / 2;
        var gcMs = (GC.GetTotalPauseDuration() - _tickGcPause).TotalMilliseconds;
        var runDelayMs = (RunDelayNanoseconds() - _tickRunDelayNs) / 1e6;
        var idleExcess = started - Math.Max(workEnded, due);
        var cause = gcMs >= halfMs ? PacingStallCause.GarbageCollection
            : runDelayMs >= halfMs ? PacingStallCause.RunQueue
            : idleExcess < lateness / 2 ? PacingStallCause.Busy
            : PacingStallCause.Blocked;
        Interlocked.Increment(ref _counts[(int)cause]);
        if (lateness > Volatile.Read(ref _worstTicks))
        {
            Volatile.Write(ref _worstCause, (int)cause);
            Volatile.Write(ref _worstAtUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Volatile.Write(ref _worstTicks, lateness);
        }
    }

    /// <summary>The stalls since the previous call (counts by cause, and the worst), then starts again from zero.</summary>
    public PacingStallSummary Take()
    {
        var counts = new long[Causes];
        for (var i = 0; i < Causes; i++)
        {
            counts[i] = Interlocked.Exchange(ref _counts[i], 0);
        }

        // The worst is reset after it is read; a stall recorded in between is at worst attributed to the next summary.
        var worst = Interlocked.Exchange(ref _worstTicks, 0);
        return new PacingStallSummary(
            counts,
            Stopwatch.GetElapsedTime(0, worst),
            (PacingStallCause)Volatile.Read(ref _worstCause),
            DateTimeOffset.FromUnixTimeMilliseconds(Volatile.Read(ref _worstAtUnixMs)));
    }

    public void Dispose() => _schedstatFile?.Dispose();

    /// <summary>The pacing thread's time spent runnable but not running (ns), or 0 where schedstat is not available.</summary>
    private long RunDelayNanoseconds()
    {
        if (!_schedstatTried)
        {
            // Opened by the pacing thread itself: thread-self names the thread that opens it.
            _schedstatTried = true;
            try
            {
                _schedstatFile = OperatingSystem.IsLinux() ? File.OpenHandle("/proc/thread-self/schedstat") : null;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                _schedstatFile = null;
            }
        }

        if (_schedstatFile is null)
        {
            return 0;
        }

        try
        {
            // "<on-cpu ns> <run delay ns> <time slices>\n"
            var length = RandomAccess.Read(_schedstatFile, _schedstat, 0);
            var fields = _schedstat.AsSpan(0, length);
            var space = fields.IndexOf((byte)' ');
            return space < 0 ? 0 : ParseNumber(fields[(space + 1)..]);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private static long ParseNumber(ReadOnlySpan<byte> text)
    {
        long value = 0;
        foreach (var digit in text)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (digit - '0');
        }

        return value;
    }
}
