using System.Collections.Concurrent;
using System.Globalization;

namespace Telephony.Bench.Dispatch;

/// <summary>
/// Counts the grain calls made by the agent and queue grains (<c>--count-calls</c>), by method, to give the messages a
/// dispatch takes. Off by default: a filter on every call is itself a cost.
/// </summary>
internal sealed class CallCounter : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _calls = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var name = $"{context.InterfaceName.Split('.')[^1]}.{context.MethodName}";
        _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        await context.Invoke();
    }

    public Dictionary<string, long> Snapshot() => new(_calls);

    /// <summary>The calls made between two snapshots, per dispatch, most frequent first.</summary>
    public static void Print(Dictionary<string, long> before, Dictionary<string, long> after, long dispatches)
    {
        var delta = after
            .Select(kv => (kv.Key, Calls: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(d => d.Calls > 0)
            .OrderByDescending(d => d.Calls)
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  grain calls per dispatch: {delta.Sum(d => d.Calls) / (double)Math.Max(1, dispatches):0.00} in all"));
        foreach (var (name, calls) in delta)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {calls / (double)Math.Max(1, dispatches),6:0.00}  {name}"));
        }
    }
}
