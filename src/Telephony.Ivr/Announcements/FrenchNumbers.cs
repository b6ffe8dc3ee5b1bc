namespace Telephony.Ivr;

/// <summary>French number words up to 99, as the fragment generator speaks them (cardinal, feminine, ordinal).</summary>
public static class FrenchNumbers
{
    private static readonly string[] Units =
    [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];

    private static readonly string[] Tens = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

    /// <summary>"vingt et un", "trente-deux"...; <paramref name="feminine"/> for "une minute", "vingt et une heures".</summary>
    public static string Cardinal(int n, bool feminine = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 69);
        string words;
        if (n < Units.Length)
        {
            words = Units[n];
        }
        else
        {
            var (ten, unit) = (n / 10, n % 10);
            words = unit switch
            {
                0 => Tens[ten],
                1 when ten >= 2 => $"{Tens[ten]} et un",
                _ => $"{Tens[ten]}-{Units[unit]}",
            };
        }

        return feminine && words.EndsWith("un", StringComparison.Ordinal) ? words + "e" : words;
    }

    /// <summary>"premier", "deuxième", "vingt et unième"...</summary>
    public static string Ordinal(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n == 1)
        {
            return "premier";
        }

        var words = Cardinal(n);
        var stem = words switch
        {
            _ when words.EndsWith("cinq", StringComparison.Ordinal) => words + "u",
            _ when words.EndsWith("neuf", StringComparison.Ordinal) => words[..^1] + "v",
            _ when words.EndsWith('e') => words[..^1],
            _ => words,
        };
        return stem + "ième";
    }
}
