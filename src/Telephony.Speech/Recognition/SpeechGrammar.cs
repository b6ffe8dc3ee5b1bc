using System.Globalization;
using System.Text;
using Telephony.Speech.Language;

namespace Telephony.Speech.Recognition;

/// <summary>
/// The phrases a recognizer listens for, in the form Vosk's vocabulary uses (lower case, accents kept, digits
/// spelled out), ending with "[unk]" so speech outside the list comes back as unknown rather than as the nearest
/// phrase. <see cref="Json"/> is the array handed to <c>vosk_recognizer_new_grm</c>.
/// </summary>
public sealed class SpeechGrammar
{
    private SpeechGrammar(IReadOnlyList<string> phrases, IReadOnlyList<string> leftOutWords)
    {
        Phrases = phrases;
        LeftOutWords = leftOutWords;
        Json = ToJson(phrases);
    }

    /// <summary>The phrases as given to the recognizer, "[unk]" last.</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>Words the model does not know, left out of their phrase (log them: the script needs another wording).</summary>
    public IReadOnlyList<string> LeftOutWords { get; }

    public string Json { get; }

    /// <summary>
    /// Builds the grammar. With <paramref name="isKnownWord"/> (the model's vocabulary), a word the model does not
    /// know is split at its hyphens and after its apostrophe ("rappelez-moi" → "rappelez moi", "m'inscrire" →
    /// "m' inscrire") and parts still unknown are left out and listed in <see cref="LeftOutWords"/>.
    /// </summary>
    public static SpeechGrammar Build(IEnumerable<string> phrases, Func<string, bool>? isKnownWord = null)
    {
        var result = new List<string>();
        var leftOut = new List<string>();
        foreach (var phrase in phrases)
        {
            var words = ToGrammarForm(phrase).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(w => isKnownWord is null ? [w] : KnownParts(w, isKnownWord, leftOut))
                .ToList();
            var form = string.Join(' ', words);
            if (form.Length > 0 && form != RecognizedWord.Unknown && !result.Contains(form, StringComparer.Ordinal))
            {
                result.Add(form);
            }
        }

        result.Add(RecognizedWord.Unknown);
        return new SpeechGrammar(result, leftOut.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Lower case, typographic apostrophes made plain, digits spelled, punctuation other than ' and - removed.</summary>
    internal static string ToGrammarForm(string phrase)
    {
        var spelled = FrenchNumbers.SpellDigits(phrase.ToLower(CultureInfo.InvariantCulture));
        var builder = new StringBuilder(spelled.Length);
        foreach (var c in spelled)
        {
            builder.Append(c switch
            {
                '’' or '‘' or 'ʼ' or '`' => '\'',
                _ when char.IsLetter(c) || c is '\'' or '-' => c,
                _ => ' ',
            });
        }

        // A word keeps a final apostrophe (an elided "l'" said alone) but not stray leading marks.
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('-').TrimStart('\''))
            .Where(w => w.Length > 0 && w != "'"));
    }

    private static IEnumerable<string> KnownParts(string word, Func<string, bool> isKnownWord, List<string> leftOut)
    {
        if (isKnownWord(word))
        {
            return [word];
        }

        if (word.Contains('-', StringComparison.Ordinal))
        {
            return word.Split('-', StringSplitOptions.RemoveEmptyEntries).SelectMany(p => KnownParts(p, isKnownWord, leftOut)).ToList();
        }

        var apostrophe = word.IndexOf('\'', StringComparison.Ordinal);
        if (apostrophe > 0 && apostrophe < word.Length - 1)
        {
            return KnownParts(word[..(apostrophe + 1)], isKnownWord, leftOut).Concat(KnownParts(word[(apostrophe + 1)..], isKnownWord, leftOut)).ToList();
        }

        leftOut.Add(word);
        return [];
    }

    /// <summary>A JSON array of strings, escaped by hand so non-ASCII letters stay UTF-8 (Vosk's parser is minimal).</summary>
    internal static string ToJson(IReadOnlyList<string> phrases)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < phrases.Count; i++)
        {
            builder.Append(i == 0 ? "\"" : ", \"");
            foreach (var c in phrases[i])
            {
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    case < ' ':
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }

            builder.Append('"');
        }

        return builder.Append(']').ToString();
    }
}
