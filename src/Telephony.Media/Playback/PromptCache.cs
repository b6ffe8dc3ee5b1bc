using System.Collections.Concurrent;

namespace Telephony.Media.Playback;

/// <summary>
/// Loads each prompt file once and shares it between calls. Concurrent first requests for the same file wait for a
/// single load; a failed load is not cached, so fixing the file on disk is enough to recover.
/// </summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<string, Lazy<AudioPrompt>> _prompts = new(StringComparer.Ordinal);

    public int Count => _prompts.Count;

    public AudioPrompt Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = Path.GetFullPath(path);
        var entry = _prompts.GetOrAdd(key, static k => new Lazy<AudioPrompt>(() => AudioPrompt.LoadWav(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            _prompts.TryRemove(new KeyValuePair<string, Lazy<AudioPrompt>>(key, entry));
            throw;
        }
    }

    /// <summary>Drops a prompt so the next <see cref="Get"/> reads the file again (after an operator replaced it).</summary>
    public bool Invalidate(string path) => _prompts.TryRemove(Path.GetFullPath(path), out _);
}
