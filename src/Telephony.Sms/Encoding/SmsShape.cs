namespace Telephony.Sms;

/// <summary>How a text travels: its coding (Kannel's <c>coding</c>: 0 for GSM 7-bit, 2 for UCS-2) and its segments.</summary>
public enum SmsCoding
{
    Gsm7 = 0,
    Ucs2 = 2,
}

/// <param name="Units">Septets (GSM) or UTF-16 code units (UCS-2).</param>
/// <param name="Segments">SMS it is split into: 1 up to 160 septets or 70 units; beyond, 153 or 67 per segment
/// (the concatenation header takes the rest), never splitting an escape pair or a surrogate pair.</param>
public sealed record SmsShape(SmsCoding Coding, int Units, int Segments)
{
    public const int GsmSingle = 160;
    public const int GsmPart = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67;

    /// <summary>GSM 7-bit when every character has a septet, otherwise UCS-2.</summary>
    public static SmsShape Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GsmAlphabet.CanEncode(text)
            ? Split(SmsCoding.Gsm7, text.Select(GsmAlphabet.Septets).ToList(), GsmSingle, GsmPart)
            : Split(SmsCoding.Ucs2, Ucs2Costs(text), Ucs2Single, Ucs2Part);
    }

    // A surrogate pair (a character outside the BMP, an emoji) is two units that must stay in one segment.
    private static List<int> Ucs2Costs(string text)
    {
        var costs = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            costs.Add(pair ? 2 : 1);
            i += pair ? 1 : 0;
        }

        return costs;
    }

    private static SmsShape Split(SmsCoding coding, List<int> costs, int single, int part)
    {
        var units = costs.Sum();
        if (units <= single)
        {
            return new SmsShape(coding, units, 1);
        }

        var segments = 1;
        var used = 0;
        foreach (var cost in costs)
        {
            if (used + cost > part)
            {
                segments++;
                used = 0;
            }

            used += cost;
        }

        return new SmsShape(coding, units, segments);
    }
}
