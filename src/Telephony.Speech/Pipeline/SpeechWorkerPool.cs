namespace Telephony.Speech.Pipeline;

/// <summary>
/// The threads that run every call's <see cref="SpeechPipeline"/>: a few dedicated background threads (default: one
/// per core), apart from the thread pool and from the media pacing thread. Each worker sweeps all pipelines and
/// processes those it can claim, so a pipeline stuck in a slow recognizer holds one worker while the others serve the
/// rest. A sweep that finds no audio sleeps <see cref="IdleSleep"/>: the media thread never has to signal anyone.
/// One pool per process, created at start-up and disposed at shutdown.
/// </summary>
public sealed class SpeechWorkerPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Thread[] _threads;
    private readonly CancellationTokenSource _stopping = new();
    private SpeechPipeline[] _pipelines = [];

    public SpeechWorkerPool(int? workers = null, TimeSpan? idleSleep = null)
    {
        var count = workers ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        IdleSleep = idleSleep ?? TimeSpan.FromMilliseconds(5);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"speech-worker-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>How long an idle worker waits before sweeping again (adds at most this to the first event's delay).</summary>
    public TimeSpan IdleSleep { get; }

    public int WorkerCount => _threads.Length;

    public int PipelineCount => Volatile.Read(ref _pipelines).Length;

    internal void Register(SpeechPipeline pipeline)
    {
        lock (_gate)
        {
            // Copy on write: workers sweep a snapshot without a lock; calls start and end far less often than frames.
            _pipelines = [.. _pipelines, pipeline];
        }
    }

    internal void Unregister(SpeechPipeline pipeline)
    {
        lock (_gate)
        {
            _pipelines = _pipelines.Where(p => !ReferenceEquals(p, pipeline)).ToArray();
        }
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _stopping.Dispose();
    }

    private void Run()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var worked = false;
            foreach (var pipeline in Volatile.Read(ref _pipelines))
            {
                if (!pipeline.TryClaim())
                {
                    continue;
                }

                try
                {
                    worked |= pipeline.ProcessPending() > 0;
                }
                finally
                {
                    pipeline.Release();
                }
            }

            if (!worked)
            {
                token.WaitHandle.WaitOne(IdleSleep);
            }
        }
    }
}
