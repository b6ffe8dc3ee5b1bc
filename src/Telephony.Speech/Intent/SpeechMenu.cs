using System.Globalization;
using Telephony.Speech.Language;
using Telephony.Speech.Recognition;

namespace Telephony.Speech.Intent;

/// <summary>
/// The options of one menu, prepared once for matching (every phrase normalised) and for the recognizer (the
/// grammar). Build one per menu node when the script loads, not per call. <see cref="MinConfidence"/> is the menu's
/// own threshold (the script's min-confidence), null for the matcher's default.
/// </summary>
public sealed class SpeechMenu
{
    /// <summary>How a caller names a key instead of saying a phrase: "touche 2", "le 2", "option 2", "tapez 2".</summary>
    internal static readonly HashSet<string> KeyWords = new(
        ["option", "touche", "choix", "numero", "tape", "tapez", "taper", "le", "la", "je", "fais", "fai", "et", "ou", "alor", "alors", "donc"],
        StringComparer.Ordinal);

    public SpeechMenu(IReadOnlyList<SpeechChoice> choices, float? minConfidence = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Choices = choices;
        MinConfidence = minConfidence;
        Forms = choices
            .SelectMany((choice, index) => choice.AllForms.Select(form => CompiledForm.Create(index, form)))
            .Where(form => form.Joined.Length > 0)
            .ToList();
        SpokenKeys = choices.Select((choice, index) => (choice.Key, index))
            .Where(k => k.Key.Length > 0)
            .DistinctBy(k => k.Key)
            .ToDictionary(k => k.Key, k => k.index, StringComparer.Ordinal);
    }

    public IReadOnlyList<SpeechChoice> Choices { get; }

    public float? MinConfidence { get; }

    internal IReadOnlyList<CompiledForm> Forms { get; }

    /// <summary>Option index by key; a spoken key is read back to this form ("deux" → "2", "étoile neuf" → "*9").</summary>
    internal IReadOnlyDictionary<string, int> SpokenKeys { get; }

    /// <summary>
    /// The recognizer's grammar: every phrase and synonym, the keys said as numbers ("un", "deux", "douze"), and
    /// "[unk]". <paramref name="isKnownWord"/> (the model's vocabulary) lets words the model does not know be split
    /// or left out instead of being dropped silently by Vosk.
    /// </summary>
    public SpeechGrammar BuildGrammar(Func<string, bool>? isKnownWord = null)
    {
        var keyPhrases = Choices.SelectMany(c => KeyPhrases(c.Key));
        return SpeechGrammar.Build(Choices.SelectMany(c => c.AllForms).Concat(keyPhrases), isKnownWord);
    }

    /// <summary>A key as callers say it: digit by digit ("un deux"), as a number ("douze"), with "étoile" and "dièse".</summary>
    private static IEnumerable<string> KeyPhrases(string key)
    {
        yield return string.Join(' ', key.Select(c => c switch
        {
            '*' => "étoile",
            '#' => "dièse",
            _ => FrenchNumbers.ToWords(c - '0'),
        }));
        if (key.Length > 1 && key.All(char.IsAsciiDigit) && key[0] != '0')
        {
            yield return FrenchNumbers.ToWords(int.Parse(key, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A phrase ready to compare: its tokens joined without spaces, so split and merged words compare equal.</summary>
internal sealed record CompiledForm(int Choice, string Text, string Joined, int TokenCount)
{
    public static CompiledForm Create(int choice, string text)
    {
        var tokens = FrenchText.Tokenize(text);
        return new CompiledForm(choice, text, string.Concat(tokens.Select(t => t.Text)), tokens.Count);
    }
}
