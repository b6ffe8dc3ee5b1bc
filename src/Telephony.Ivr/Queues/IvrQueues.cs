namespace Telephony.Ivr;

/// <summary>
/// The queues file of a script set (<c>queues.yaml</c>), loaded and validated with the scripts: every queue a script
/// uses is defined here, with its network, limits and timings. Immutable, like the scripts: a reload builds a new one.
/// </summary>
public sealed class IvrQueues
{
    /// <summary>The file name, in the scripts directory; no script may be called <c>queues</c>.</summary>
    public const string FileName = "queues.yaml";

    private readonly Dictionary<string, QueueDefinition> _byId;

    internal IvrQueues(string filePath, bool exists, IReadOnlyList<QueueDefinition> queues, string version)
    {
        FilePath = filePath;
        Exists = exists;
        All = queues;
        Version = version;
        _byId = queues.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    /// <summary>Absolute path of the queues file (whether or not it exists).</summary>
    public string FilePath { get; }

    /// <summary>False when the scripts directory has no queues file (then no script may use a queue).</summary>
    public bool Exists { get; }

    /// <summary>Every queue, in the order of the file.</summary>
    public IReadOnlyList<QueueDefinition> All { get; }

    /// <summary>First 16 hex digits of the file's SHA-256 (<c>none</c> without a file): tells queue policies apart across reloads.</summary>
    public string Version { get; }

    public QueueDefinition? Find(string queueId) => _byId.GetValueOrDefault(queueId);

    public QueueDefinition Get(string queueId) => Find(queueId)
        ?? throw new KeyNotFoundException($"Queue '{queueId}' is not defined in {FileName}.");

    /// <summary>
    /// The queue, then the queue it overflows to, and so on: the queues a call sent to <paramref name="queueId"/> may
    /// end up waiting in. Empty for an unknown id. The loader refuses cycles; a chain is cut where it would repeat.
    /// </summary>
    public IReadOnlyList<QueueDefinition> OverflowChain(string queueId)
    {
        var chain = new List<QueueDefinition>();
        for (var queue = Find(queueId); queue is not null && !chain.Contains(queue); queue = queue.OverflowQueueId is { } next ? Find(next) : null)
        {
            chain.Add(queue);
        }

        return chain;
    }
}
