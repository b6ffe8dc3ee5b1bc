namespace Telephony.Ivr;

/// <summary>The rule that says whether collected digits can be a real identifier.</summary>
public enum DigitChecksum
{
    /// <summary>Only the length is checked.</summary>
    None,

    /// <summary>DGFiP numéro fiscal (SPI): 13 digits, first digit 0-3, last three = first ten modulo 511 (see <see cref="DigitChecksums"/>).</summary>
    DgfipSpi,

    /// <summary>Luhn (mod 10), as on many card and account numbers.</summary>
    Luhn,
}

/// <summary>
/// Asks for a number (e.g. a 13-digit numéro fiscal) and branches on whether it passes its checksum. The value never
/// appears in the session's path, in an action, in a log or an exception; when the node has a <see cref="ForAgent"/>
/// label, the valid value is also offered to the agent who takes the call (<see cref="IvrSession.ForAgent"/>).
/// </summary>
public sealed record CollectNode(
    string Name,
    IvrPrompt Prompt,
    int Length,
    DigitChecksum Checksum,
    TimeSpan Timeout,
    TimeSpan InterDigitTimeout,
    int MaxAttempts,
    IvrPrompt? InvalidPrompt,
    string OnValid,
    string OnInvalid) : IvrNode(Name)
{
    /// <summary>A key that ends the entry early (the caller's "#"); entering <see cref="Length"/> digits also ends it.</summary>
    public const char Terminator = '#';

    /// <summary>Longest <see cref="ForAgent"/> label: one line of the agent's console.</summary>
    public const int MaxForAgentLength = 60;

    /// <summary>
    /// The label under which the agent's console shows the valid digits ("Numéro fiscal"), so the caller does not
    /// have to say them again; null: the digits serve routing only and the agent never sees them.
    /// </summary>
    public string? ForAgent { get; init; }

    internal NodeLink OnValidLink { get; init; }

    internal NodeLink OnInvalidLink { get; init; }

    public override IEnumerable<IvrPrompt> Prompts => new[] { Prompt, InvalidPrompt }.OfType<IvrPrompt>();

    internal override IEnumerable<NodeLink> Links => [OnValidLink, OnInvalidLink];

    internal override NodeRun CreateRun() => new CollectRun(this);
}
