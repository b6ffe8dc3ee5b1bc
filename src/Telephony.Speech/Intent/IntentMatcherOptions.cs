namespace Telephony.Speech.Intent;

/// <summary>Thresholds of <see cref="IntentMatcher"/>; the defaults were tuned on the tables in the speech tests.</summary>
public sealed record IntentMatcherOptions
{
    public static readonly IntentMatcherOptions Default = new();

    /// <summary>
    /// Least similarity (1 − edit distance / length, on the phrase written without spaces) for a fuzzy match.
    /// 0.8 lets "relevé carrière" match "relevé de carrière" and "remboursemant" match "remboursement".
    /// </summary>
    public double FuzzyThreshold { get; init; } = 0.8;

    /// <summary>Phrases this short ("rsa", "apl", "taux") must be heard exactly: one letter off is another word.</summary>
    public int ExactBelowLength { get; init; } = 5;

    /// <summary>Two options on different words closer than this in score are ambiguous.</summary>
    public double AmbiguityMargin { get; init; } = 0.1;

    /// <summary>Mean word confidence below which a match is refused (the menu's min-confidence overrides it).</summary>
    public float MinConfidence { get; init; } = 0.5f;
}
