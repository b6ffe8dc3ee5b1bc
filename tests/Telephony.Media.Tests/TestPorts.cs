namespace Telephony.Media.Tests;

/// <summary>Gives each test its own port range so tests running in parallel (here and in other projects) do not collide.</summary>
internal static class TestPorts
{
    private static int _next = 41000 + (Environment.ProcessId % 200 * 40);

    public static (int First, int Last) Range(int evenPorts)
    {
        var first = Interlocked.Add(ref _next, (evenPorts * 2) + 2) - (evenPorts * 2) - 2;
        first += first % 2;
        return (first, first + (evenPorts * 2) - 1);
    }
}
