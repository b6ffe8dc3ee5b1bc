using Telephony.Speech.Language;

namespace Telephony.Speech.Intent;

/// <summary>
/// Words callers put around their choice ("euh", "je voudrais", "s'il vous plaît", "bonjour"). They never stop a
/// phrase from matching (extra words cost nothing); they matter when the caller says only a key: "euh deux s'il vous
/// plaît" is still the key 2. Kept normalised, as <see cref="FrenchText"/> writes them.
/// </summary>
internal static class FrenchFillers
{
    private static readonly HashSet<string> Words = new(
        new[]
        {
            "euh", "heu", "hum", "hmm", "ben", "bah", "bon", "bonjour", "merci", "voila", "oui", "svp",
            "il vous plaît", "je voudrais", "je veux", "j'aimerais", "je souhaite", "c'est", "pour", "moi", "madame", "monsieur",
        }.SelectMany(phrase => FrenchText.Tokenize(phrase)).Select(t => t.Text),
        StringComparer.Ordinal);

    public static bool IsFiller(string normalisedWord) => Words.Contains(normalisedWord);
}
