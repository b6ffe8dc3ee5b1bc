namespace Telephony.Ivr;

/// <summary>
/// Digits a caller typed in a <c>collect</c> node (e.g. a numéro fiscal): personal data, for routing only. Its
/// <see cref="ToString"/> is masked so that logging the object, or a record holding it, never prints the number.
/// </summary>
public sealed class CollectedDigits
{
    private readonly string _digits;

    internal CollectedDigits(string digits) => _digits = digits;

    public int Length => _digits.Length;

    /// <summary>The digits in clear, for the routing decision only. Never log or store the result.</summary>
    public string Reveal() => _digits;

    public override string ToString() => $"<{_digits.Length} digits, masked>";
}
