namespace Telephony.Speech.Intent;

/// <summary>Why a transcript selected no option.</summary>
public enum NoMatchReason
{
    /// <summary>It did select one.</summary>
    None,

    /// <summary>Nothing was heard (empty transcript).</summary>
    Silence,

    /// <summary>Only "[unk]": speech outside the menu's phrases.</summary>
    Unknown,

    /// <summary>Words were heard, but none is close enough to a phrase.</summary>
    NoPhrase,

    /// <summary>Two options match as well as each other: asking again is better than guessing.</summary>
    Ambiguous,

    /// <summary>A phrase matched, but the recognizer was unsure of its words.</summary>
    LowConfidence,
}

/// <summary>
/// The matcher's answer. On a match <see cref="Key"/> is the option's key; on no match it is null and
/// <see cref="Reason"/> says why, with <see cref="Guess"/> naming the closest option (for logs, never for routing).
/// <see cref="Score"/> is the phrase similarity (1 = exact), <see cref="Confidence"/> the recognizer's mean word
/// confidence over the matched words.
/// </summary>
public sealed record IntentMatch(string? Key, NoMatchReason Reason, string Transcript)
{
    public double Score { get; init; }

    public float Confidence { get; init; }

    /// <summary>The script phrase (or synonym, or spoken key) that matched or came closest.</summary>
    public string? Phrase { get; init; }

    public string? Guess { get; init; }

    public bool IsMatch => Key is not null;

    public static IntentMatch NoMatch(NoMatchReason reason, string transcript) => new(null, reason, transcript);
}
