namespace Telephony.Speech.Language;

/// <summary>Levenshtein distance and the similarity derived from it, for fuzzy phrase matching.</summary>
public static class EditDistance
{
    private const int StackLimit = 256;

    /// <summary>Insertions, deletions and substitutions turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        // Two rows over the shorter string: O(len a × len b) time, O(len b) memory.
        var width = b.Length + 1;
        Span<int> previous = width <= StackLimit ? stackalloc int[width] : new int[width];
        Span<int> current = width <= StackLimit ? stackalloc int[width] : new int[width];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j < width; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            var swapRows = previous;
            previous = current;
            current = swapRows;
        }

        return previous[b.Length];
    }

    /// <summary>1 for equal strings, 0 for nothing in common: 1 − distance / longer length.</summary>
    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1 : 1 - (double)Between(a, b) / longer;
    }
}
