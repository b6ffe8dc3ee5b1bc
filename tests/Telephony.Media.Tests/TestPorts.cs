namespace Telephony.Media.Tests;

/// <summary>Gives each test its own port range so tests running in parallel (here and in other projects) do not collide.</summary>
internal static class TestPorts
{
    // Below Linux's ephemeral range (32768-60999): a port there can be taken at any moment by any socket bound to
    // port 0 elsewhere in the suite, which made a two-port range test fail now and then.
    private static int _next = 20000 + (Environment.ProcessId % 200 * 40);

    public static (int First, int Last) Range(int evenPorts)
    {
        var first = Interlocked.Add(ref _next, (evenPorts * 2) + 2) - (evenPorts * 2) - 2;
        first += first % 2;
        return (first, first + (evenPorts * 2) - 1);
    }
}
