using System.Globalization;
using System.Text;

namespace Telephony.Speech.Language;

/// <summary>One normalised word and the span of recognizer words it came from (for their confidences).</summary>
public readonly record struct TextToken(string Text, int FirstWord, int LastWord)
{
    public bool IsNumber => Text.Length > 0 && Text.All(char.IsAsciiDigit);
}

/// <summary>
/// Normalises French spoken text so what a recognizer writes and what a script author wrote compare equal: lower
/// case; accents folded ("é" → "e", "œ" → "oe"); elided articles and pronouns dropped ("l'attestation", "l attestation"
/// → "attestation", "m'inscrire" → "inscrire"); hyphens and punctuation split words; plural s/x dropped
/// ("allocations" → "allocation"); runs of number words read as digits ("vingt et un" → "21"). The service runs with
/// invariant globalization, where <see cref="string.Normalize()"/> cannot decompose accents, hence the table.
/// </summary>
public static class FrenchText
{
    private static readonly Dictionary<char, string> Folded = BuildFoldTable();

    /// <summary>Articles and pronouns French elides before a vowel; dropped, with or without their apostrophe.</summary>
    private static readonly HashSet<string> Elisions = new(StringComparer.Ordinal)
    {
        "l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    };

    /// <summary>Tokens of <paramref name="text"/>, each from the recognizer word at its position in the text (word = space-separated part).</summary>
    public static IReadOnlyList<TextToken> Tokenize(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : Tokenize(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Tokens of a sequence of recognizer words; each token remembers which words it came from.</summary>
    public static IReadOnlyList<TextToken> Tokenize(IReadOnlyList<string> words)
    {
        var raw = new List<TextToken>();
        for (var w = 0; w < words.Count; w++)
        {
            var spelled = SpelledRunLength(words, w);
            if (spelled > 1)
            {
                // "r s a", "a p l": a recognizer spelling an acronym letter by letter.
                raw.Add(new TextToken(string.Concat(words.Skip(w).Take(spelled).Select(Fold)), w, w + spelled - 1));
                w += spelled - 1;
                continue;
            }

            foreach (var part in SplitWord(words[w]))
            {
                raw.Add(new TextToken(part, w, w));
            }
        }

        return ReadNumbersAndFoldPlurals(raw);
    }

    /// <summary>The normalised tokens joined by single spaces ("L'Attestation de droits !" → "attestation de droit").</summary>
    public static string Normalize(string? text) => string.Join(' ', Tokenize(text).Select(t => t.Text));

    /// <summary>Lower case with accents folded, nothing else (for comparing single words).</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (Folded.TryGetValue(lower, out var folded))
            {
                builder.Append(folded);
            }
            else
            {
                builder.Append(lower);
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<string> SplitWord(string word)
    {
        var current = new StringBuilder();
        foreach (var c in Fold(word))
        {
            if (char.IsAsciiLetterOrDigit(c) || (char.IsLetter(c) && c > 127))
            {
                current.Append(c);
                continue;
            }

            // An apostrophe after an elided article ends it ("l'"); any other mark separates words.
            if (current.Length > 0)
            {
                var part = current.ToString();
                current.Clear();
                if (!(IsApostrophe(c) && Elisions.Contains(part)))
                {
                    yield return part;
                }
            }
        }

        if (current.Length > 0 && !Elisions.Contains(current.ToString()))
        {
            // A lone "l" or "qu" is an elision the recognizer wrote without its apostrophe.
            yield return current.ToString();
        }
    }

    /// <summary>
    /// Single letters in a row from <paramref name="start"/>, not counting a last one that is an elision before a
    /// vowel ("a l attestation" spells nothing).
    /// </summary>
    private static int SpelledRunLength(IReadOnlyList<string> words, int start)
    {
        var end = start;
        while (end < words.Count && Fold(words[end]) is { Length: 1 } letter && char.IsAsciiLetter(letter[0]))
        {
            end++;
        }

        if (end - start > 1 && end < words.Count && Elisions.Contains(Fold(words[end - 1])) && StartsWithVowel(Fold(words[end])))
        {
            end--;
        }

        return end - start;
    }

    private static bool StartsWithVowel(string word) => word.Length > 0 && word[0] is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'h';

    private static IReadOnlyList<TextToken> ReadNumbersAndFoldPlurals(List<TextToken> raw)
    {
        var texts = raw.Select(t => t.Text).ToList();
        var tokens = new List<TextToken>(raw.Count);
        for (var i = 0; i < raw.Count;)
        {
            var used = FrenchNumbers.TryRead(texts, i, out var value);
            if (used > 0)
            {
                tokens.Add(new TextToken(value.ToString(CultureInfo.InvariantCulture), raw[i].FirstWord, raw[i + used - 1].LastWord));
                i += used;
                continue;
            }

            tokens.Add(raw[i] with { Text = FoldPlural(raw[i].Text) });
            i++;
        }

        return tokens;
    }

    /// <summary>"paiements" → "paiement", "travaux" → "travau": applied to both sides, so only equality matters.</summary>
    private static string FoldPlural(string word) =>
        word.Length > 3 && word[^1] is 's' or 'x' && word[^2] != 's' ? word[..^1] : word;

    private static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or '`' or 'ʼ';

    private static Dictionary<char, string> BuildFoldTable()
    {
        var table = new Dictionary<char, string>();
        foreach (var (letters, plain) in new[]
                 {
                     ("àâäáãå", "a"), ("ç", "c"), ("éèêë", "e"), ("îïíì", "i"), ("ôöóòõ", "o"), ("ùûüú", "u"),
                     ("ÿý", "y"), ("ñ", "n"), ("œ", "oe"), ("æ", "ae"),
                 })
        {
            foreach (var letter in letters)
            {
                table[letter] = plain;
            }
        }

        return table;
    }
}
