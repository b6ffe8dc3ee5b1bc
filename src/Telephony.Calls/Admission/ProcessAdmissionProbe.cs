using System.Globalization;
using Telephony.Calls.Channels;

namespace Telephony.Calls.Admission;

/// <summary>
/// Reads the node's descriptors and memory twice a second on a timer, off the INVITE path: counting
/// <c>/proc/self/fd</c> costs a directory walk, so an INVITE reads the last count, corrected by the RTP sockets opened
/// or closed since (two per port pair), which is what moves fast under a burst.
/// </summary>
public sealed class ProcessAdmissionProbe : IAdmissionProbe, IDisposable
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A sample older than this means the timer's thread-pool work could not run: the node is overloaded.</summary>
    public static readonly TimeSpan StarvedAfter = TimeSpan.FromSeconds(2);

    private const string DescriptorDirectory = "/proc/self/fd";
    private readonly MediaResources _media;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private long _sampledDescriptors;
    private long _freePairsAtSample;
    private long _resident;
    private long _pendingWorkItems;
    private long _sampledAt;

    public ProcessAdmissionProbe(MediaResources media, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(time);
        _media = media;
        _time = time;
        Sample();
        _timer = time.CreateTimer(_ => Sample(), null, SampleInterval, SampleInterval);
    }

    public int FreePortPairs => _media.FreePortPairs;

    public long OpenDescriptors
    {
        get
        {
            var sampled = Interlocked.Read(ref _sampledDescriptors);
            return sampled == 0 ? 0 : sampled + (2 * (Interlocked.Read(ref _freePairsAtSample) - _media.FreePortPairs));
        }
    }

    public long ResidentBytes => Interlocked.Read(ref _resident);

    public long PendingWorkItems =>
        _time.GetElapsedTime(Interlocked.Read(ref _sampledAt)) >= StarvedAfter ? long.MaxValue : Interlocked.Read(ref _pendingWorkItems);

    /// <summary>The soft limit on open files (<c>ulimit -n</c>) from <c>/proc/self/limits</c>; 0 when unknown or unlimited.</summary>
    public static long DescriptorLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : 0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>What the runtime may use: physical memory, or the container's limit when there is one.</summary>
    public static long AvailableMemoryBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        // First, and whatever fails below: this is what tells a starved pool (no sample for a while) from a busy one.
        Interlocked.Exchange(ref _pendingWorkItems, ThreadPool.PendingWorkItemCount);
        Interlocked.Exchange(ref _sampledAt, _time.GetTimestamp());
        try
        {
            var freePairs = _media.FreePortPairs;
            long descriptors = 0;
            if (Directory.Exists(DescriptorDirectory))
            {
                foreach (var _ in Directory.EnumerateFileSystemEntries(DescriptorDirectory))
                {
                    descriptors++;
                }
            }

            Interlocked.Exchange(ref _freePairsAtSample, freePairs);
            Interlocked.Exchange(ref _sampledDescriptors, descriptors);
            Interlocked.Exchange(ref _resident, Environment.WorkingSet);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A failed sample keeps the last figures; the next one comes in half a second.
        }
    }
}
