using System.Globalization;

namespace Telephony.Bench.Sip;

/// <summary>Reads counters from sipp's statistics screen ("Successful call | periodic | cumulative").</summary>
internal static class SippScreen
{
    public static long Counter(string screen, string name)
    {
        var line = screen.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith(name, StringComparison.Ordinal));
        if (line is null)
        {
            return -1;
        }

        var numbers = line.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.All(char.IsAsciiDigit)).ToList();
        return numbers.Count == 0 ? -1 : long.Parse(numbers[^1], CultureInfo.InvariantCulture);
    }
}
