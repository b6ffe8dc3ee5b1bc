using System.Collections.Concurrent;

namespace Telephony.Media.Playback;

/// <summary>
/// Loads each prompt file once and shares it between calls. Concurrent first requests for the same file wait for a
/// single load; a failed load is not cached, so fixing the file on disk is enough to recover. A file changed on disk
/// is read again by the next call: each request compares the file's size and times with those it was loaded with
/// (one stat, no read), and the host also calls <see cref="Clear"/> when it reloads its scripts, for a replacement
/// those cannot see (same size, modification time kept by the copy).
/// </summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<string, Entry> _prompts = new(StringComparer.Ordinal);

    public int Count => _prompts.Count;

    public AudioPrompt Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = Path.GetFullPath(path);
        var stamp = FileStamp.Of(key);
        if (stamp is null)
        {
            // Gone from disk: forget the copy and fail as a first load would, naming the path.
            _prompts.TryRemove(key, out _);
            return AudioPrompt.LoadWav(key);
        }

        while (true)
        {
            var entry = _prompts.GetOrAdd(key, static (k, s) => new Entry(k, s), stamp.Value);
            if (entry.Stamp != stamp.Value)
            {
                // Changed since it was loaded. The stamp was taken before the read, so a write during the load only
                // makes the next request read the file once more.
                var replacement = new Entry(key, stamp.Value);
                if (!_prompts.TryUpdate(key, replacement, entry))
                {
                    continue;
                }

                entry = replacement;
            }

            try
            {
                return entry.Prompt.Value;
            }
            catch
            {
                _prompts.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                throw;
            }
        }
    }

    /// <summary>Drops a prompt so the next <see cref="Get"/> reads the file again (after an operator replaced it).</summary>
    public bool Invalidate(string path) => _prompts.TryRemove(Path.GetFullPath(path), out _);

    /// <summary>Drops every prompt, so the next calls read their files again (the host does this when its scripts reload).</summary>
    public void Clear() => _prompts.Clear();

    private sealed class Entry(string path, FileStamp stamp)
    {
        public FileStamp Stamp { get; } = stamp;

        public Lazy<AudioPrompt> Prompt { get; } = new(() => AudioPrompt.LoadWav(path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What a stat tells of a file's content without reading it: a rewrite changes the size or the modification time, a replacement by rename the creation time.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc, DateTime CreationUtc)
    {
        public static FileStamp? Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.Length, file.LastWriteTimeUtc, file.CreationTimeUtc) : null;
        }
    }
}
