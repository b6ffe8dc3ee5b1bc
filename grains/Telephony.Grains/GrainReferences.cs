namespace Telephony.Grains;

/// <summary>
/// References to other grains by key, each made once and kept: Orleans 10's <c>GetGrain</c> resolves the interface's
/// grain type by reflection on every call (about a sixth of the dispatch path's CPU when measured), and a reference is
/// immutable, so keeping it is safe. Not thread-safe: one grain's turns use it one at a time.
/// </summary>
internal sealed class GrainReferences<TGrain>(IGrainFactory grains)
    where TGrain : IGrainWithStringKey
{
    private readonly Dictionary<string, TGrain> _references = [];

    public TGrain this[string key]
    {
        get
        {
            if (!_references.TryGetValue(key, out var reference))
            {
                reference = grains.GetGrain<TGrain>(key);
                _references.Add(key, reference);
            }

            return reference;
        }
    }
}
