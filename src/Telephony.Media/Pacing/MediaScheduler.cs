using System.Diagnostics;
using Telephony.Media.Diagnostics;

namespace Telephony.Media.Pacing;

/// <summary>
/// The one pacing loop for every call's outgoing media: a single dedicated thread wakes every 20 ms and, so that
/// a thousand calls do not all hit the network card in one burst, spreads streams over phase groups that run at
/// evenly spaced offsets inside the tick (20 groups: one every millisecond). No thread or timer per call.
/// </summary>
public sealed class MediaScheduler : IDisposable
{
    public const int TickMilliseconds = 20;

    /// <summary>After falling this many ticks behind (a long GC pause, a starved machine), skip ahead instead of bursting.</summary>
    private const int MaxTicksBehind = 3;

    private readonly object _gate = new();
    private readonly IPacedStream[][] _groups;
    private readonly Dictionary<IPacedStream, int> _groupOf = [];
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _thread;
    private readonly long _tickLength;
    private readonly long _groupSpacing;
    private readonly int _receiveThreads;
    private Rtp.UdpReceiveEngine? _receiveEngine;
    private volatile IMediaLog? _log;
    private volatile bool _stopping;
    private long _ticks;
    private long _skippedTicks;
    private long _streamFaults;
    private long _maxLatenessTimestamp;

    /// <summary>Streams registered, read by the loop without the lock (see <see cref="WaitWhileIdle"/>).</summary>
    private int _streamCount;

    public MediaScheduler(int phaseGroups = 20)
        : this(phaseGroups, receiveThreads: 2)
    {
    }

    /// <summary>
    /// <paramref name="receiveThreads"/> threads receive for every session (Linux: epoll, no pending async receive
    /// per socket); 0 keeps one async receive loop per socket, which is also what other systems get.
    /// </summary>
    public MediaScheduler(int phaseGroups, int receiveThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(receiveThreads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(receiveThreads, 64);
        _receiveThreads = receiveThreads;
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseGroups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(phaseGroups, TickMilliseconds * 5);
        PhaseGroups = phaseGroups;
        _groups = new IPacedStream[phaseGroups][];
        Array.Fill(_groups, []);
        _tickLength = Stopwatch.Frequency * TickMilliseconds / 1000;
        _groupSpacing = _tickLength / phaseGroups;
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "media-scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        _thread.Start();
    }

    public int PhaseGroups { get; }

    /// <summary>The shared receive threads, created on first use; null where they are not supported or not wanted.</summary>
    internal Rtp.UdpReceiveEngine? ReceiveEngine
    {
        get
        {
            if (_receiveThreads == 0 || !Rtp.LinuxSockets.IsSupported)
            {
                return null;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                return _receiveEngine ??= new Rtp.UdpReceiveEngine(_receiveThreads);
            }
        }
    }

    /// <summary>One tick in <see cref="Stopwatch"/> units.</summary>
    internal long TickLength => _tickLength;

    /// <summary>How far each paced packet's send interval strayed from its packet time, for every session on this scheduler.</summary>
    public IntervalHistogram SendIntervalDeviation { get; } = new();

    /// <summary>The same for packets relayed between bridged legs, which are sent as they arrive rather than paced.</summary>
    public IntervalHistogram RelayIntervalDeviation { get; } = new();

    public int StreamCount => Volatile.Read(ref _streamCount);

    /// <summary>The phase groups that started more than <see cref="PacingStalls.Threshold"/> late, with where the time went.</summary>
    public PacingStalls Stalls { get; } = new();

    /// <summary>Ticks run since start (the loop idles, without counting, while no stream is registered).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Ticks dropped because the loop fell more than a few ticks behind.</summary>
    public long SkippedTicks => Interlocked.Read(ref _skippedTicks);

    /// <summary>Exceptions thrown by streams; each is contained so one broken call cannot stop the others.</summary>
    public long StreamFaults => Interlocked.Read(ref _streamFaults);

    /// <summary>
    /// Where the sessions on this scheduler report the failures they contain (on this thread, the receive threads and
    /// in their callbacks), for the host's log and metrics; null counts them in the sessions' statistics only. May be
    /// set after sessions opened: they read it at each failure.
    /// </summary>
    public IMediaLog? Log
    {
        get => _log;
        set => _log = value;
    }

    /// <summary>
    /// The packet, loss and jitter figures of the sessions on this scheduler, for the host's metrics: set its
    /// <see cref="RtpTrafficMeter.Sink"/> and call <see cref="RtpTrafficMeter.Collect"/> every few seconds.
    /// </summary>
    public RtpTrafficMeter Traffic { get; } = new();

    /// <summary>The latest any phase group has started after its due time since the scheduler started.</summary>
    public TimeSpan MaxLateness => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLatenessTimestamp));

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _wake.Dispose();
        Stalls.Dispose();
        lock (_gate)
        {
            _receiveEngine?.Dispose();
        }
    }

    /// <summary>Adds a stream to the least-loaded phase group and returns that group's index.</summary>
    internal int Register(IPacedStream stream)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        int group;
        lock (_gate)
        {
            if (_groupOf.TryGetValue(stream, out var existing))
            {
                return existing;
            }

            group = 0;
            for (var i = 1; i < _groups.Length; i++)
            {
                if (_groups[i].Length < _groups[group].Length)
                {
                    group = i;
                }
            }

            // Copy-on-write: the loop reads a group array without locking, so it is replaced, never changed.
            Volatile.Write(ref _groups[group], [.. _groups[group], stream]);
            _groupOf.Add(stream, group);
            Volatile.Write(ref _streamCount, _groupOf.Count);
        }

        _wake.Set();
        return group;
    }

    internal void Unregister(IPacedStream stream)
    {
        lock (_gate)
        {
            if (_groupOf.Remove(stream, out var group))
            {
                Volatile.Write(ref _groups[group], _groups[group].Where(s => !ReferenceEquals(s, stream)).ToArray());
                Volatile.Write(ref _streamCount, _groupOf.Count);
            }
        }
    }

    /// <summary>
    /// Whether the pacing thread runs under the Linux real-time policy (SCHED_FIFO). It is asked for at start, because
    /// on a busy machine ordinary threads wait for a time slice and packets go out milliseconds late; the pacing
    /// thread sleeps most of each tick, so it cannot starve others. Needs root or CAP_SYS_NICE; otherwise the thread
    /// runs at normal priority. Set TELEPHONY_MEDIA_REALTIME=0 to not ask.
    /// </summary>
    public bool RealTimePriority { get; private set; }

    private unsafe void TryRaisePriority()
    {
        const int SchedFifo = 1;
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("TELEPHONY_MEDIA_REALTIME") == "0")
        {
            return;
        }

        try
        {
            var priority = 10;
            RealTimePriority = Rtp.LinuxSockets.SetScheduler(0, SchedFifo, &priority) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            RealTimePriority = false;
        }
    }

    private void Run()
    {
        TryRaisePriority();
        var start = Stopwatch.GetTimestamp();
        long tick = 0;
        while (!_stopping)
        {
            if (WaitWhileIdle())
            {
                // Resume on the tick grid as if it had kept running, so tick numbers only grow.
                start = Stopwatch.GetTimestamp() - (tick * _tickLength);
                continue;
            }

            Stalls.TickStarted();
            var workEnded = Stopwatch.GetTimestamp();
            for (var group = 0; group < _groups.Length && !_stopping; group++)
            {
                var streams = Volatile.Read(ref _groups[group]);
                if (streams.Length == 0)
                {
                    continue;
                }

                var due = start + (tick * _tickLength) + (group * _groupSpacing);
                WaitUntil(due);
                var started = Stopwatch.GetTimestamp();
                RecordLateness(started - due);
                Stalls.GroupStarted(due, started, workEnded);
                foreach (var stream in streams)
                {
                    try
                    {
                        stream.OnTick(tick);
                    }
                    catch (Exception exception)
                    {
                        TickFailed(stream, exception);
                    }
                }

                workEnded = Stopwatch.GetTimestamp();
            }

            tick++;
            Interlocked.Increment(ref _ticks);
            var behind = ((Stopwatch.GetTimestamp() - start) / _tickLength) - tick;
            if (behind >= MaxTicksBehind)
            {
                tick += behind;
                Interlocked.Add(ref _skippedTicks, behind);
            }
        }
    }

    /// <summary>Counts the failure here and lets the stream count and log it as its own.</summary>
    private void TickFailed(IPacedStream stream, Exception exception)
    {
        Interlocked.Increment(ref _streamFaults);
        try
        {
            stream.OnTickFailed(exception);
        }
        catch (Exception)
        {
            // Reporting is best effort: the thread that paces every call must survive a broken report.
        }
    }

    /// <summary>
    /// Blocks while no stream is registered; returns true if it had to wait. Reads the count without the lock: a
    /// call-setup thread holding it, preempted on a busy machine, would otherwise hold up this real-time thread.
    /// </summary>
    private bool WaitWhileIdle()
    {
        if (StreamCount > 0)
        {
            return false;
        }

        _wake.Reset();
        if (StreamCount > 0 || _stopping)
        {
            return false;
        }

        _wake.Wait();
        return true;
    }

    /// <summary>
    /// Sleeps until <paramref name="due"/> without spinning: a spin per phase group would burn a whole core.
    /// Linux sleeps overshoot by ~0.1 ms, so groups start within about a millisecond of their due time.
    /// </summary>
    private static void WaitUntil(long due)
    {
        while (true)
        {
            var remainingMs = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (remainingMs <= 0.25)
            {
                return;
            }

            Thread.Sleep(Math.Max(1, (int)remainingMs));
        }
    }

    private void RecordLateness(long lateness)
    {
        var current = Interlocked.Read(ref _maxLatenessTimestamp);
        while (lateness > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxLatenessTimestamp, lateness, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
