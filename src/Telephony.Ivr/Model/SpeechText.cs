using System.Text;

namespace Telephony.Ivr;

/// <summary>
/// Matches what a caller said to the phrases of a script. Both sides are normalised (lower case, accents and
/// punctuation removed, spaces collapsed) so "Carte Vitale !" matches "carte vitale". A transcript picks an option
/// when it contains one of the option's phrases as whole words; the longest matching phrase wins, and a tie between
/// two options is no match (the caller is asked again rather than sent to the wrong queue).
/// </summary>
public static class SpeechText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(FoldAccent(char.ToLowerInvariant(c)));
            }
            else
            {
                // Apostrophes, hyphens and punctuation separate words: "l'attestation" -> "l attestation".
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Accents of French (and the usual Latin-1 ones) folded by table: the service runs with invariant globalization,
    /// where <see cref="string.Normalize()"/> cannot decompose accented letters.
    /// </summary>
    private static string FoldAccent(char c) => c switch
    {
        'à' or 'â' or 'ä' or 'á' or 'ã' or 'å' => "a",
        'ç' => "c",
        'é' or 'è' or 'ê' or 'ë' => "e",
        'î' or 'ï' or 'í' or 'ì' => "i",
        'ô' or 'ö' or 'ó' or 'ò' or 'õ' => "o",
        'ù' or 'û' or 'ü' or 'ú' => "u",
        'ÿ' or 'ý' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        _ => c.ToString(),
    };

    public static T? Match<T>(string transcript, IEnumerable<T> options, Func<T, IReadOnlyList<string>> phrasesOf)
        where T : class
    {
        var heard = " " + Normalize(transcript) + " ";
        if (heard.Trim().Length == 0)
        {
            return null;
        }

        T? best = null;
        var bestLength = 0;
        var tie = false;
        foreach (var option in options)
        {
            foreach (var phrase in phrasesOf(option).Select(Normalize).Where(p => p.Length > 0))
            {
                if (!heard.Contains(" " + phrase + " ", StringComparison.Ordinal))
                {
                    continue;
                }

                if (phrase.Length > bestLength)
                {
                    (best, bestLength, tie) = (option, phrase.Length, false);
                }
                else if (phrase.Length == bestLength && !ReferenceEquals(best, option))
                {
                    tie = true;
                }
            }
        }

        return tie ? null : best;
    }
}
