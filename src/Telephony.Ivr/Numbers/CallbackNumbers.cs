using PhoneNumbers;

namespace Telephony.Ivr;

/// <summary>Why a number cannot be called back; <see cref="None"/> when it can.</summary>
public enum NumberRefusal
{
    None,

    /// <summary>No number at all (anonymous caller, nothing keyed).</summary>
    Missing,

    /// <summary>Not a fixed or mobile number: malformed, unallocated, toll-free, a pager...</summary>
    Invalid,

    /// <summary>A valid number outside the French numbering plan.</summary>
    Foreign,

    /// <summary>Premium-rate or shared-cost (08 1x to 08 9x): calling it would cost the service, or be a fraud.</summary>
    Premium,

    /// <summary>A short number (3960, 112, 36 15...): a service, not a citizen.</summary>
    Short,
}

/// <summary>
/// Which numbers besides French mobile and geographic ones (and 09 VoIP) may be called back: none by default. A
/// script allows more on a node with <c>accept-numbers: [foreign]</c>; the host applies the same rules when it stores.
/// </summary>
public sealed record NumberRules(bool AllowForeign = false, bool AllowPremium = false, bool AllowShort = false)
{
    public static NumberRules Strict { get; } = new();

    public bool Allows(NumberRefusal refusal) => refusal switch
    {
        NumberRefusal.None => true,
        NumberRefusal.Foreign => AllowForeign,
        NumberRefusal.Premium => AllowPremium,
        NumberRefusal.Short => AllowShort,
        _ => false,
    };
}

/// <param name="E164">The number to store and dial (E.164; a short number as dialled), null when refused.</param>
/// <param name="Digits">The digits to read back to the caller ("0612345678"; "0044..." abroad), null when refused.</param>
/// <param name="Kind">What the number is, even when it is allowed (a foreign number a node accepts is still foreign).</param>
public sealed record NumberVerdict(string? E164, string? Digits, NumberRefusal Kind)
{
    public bool Accepted => E164 is not null;

    /// <summary>The reason given to the caller when refused.</summary>
    public NumberRefusal Refusal => Accepted ? NumberRefusal.None : Kind;
}

/// <summary>
/// Sorts a number presented or keyed by a caller with libphonenumber: the one place that decides which numbers the
/// service will ever call back (IVR callbacks and appointments, the booking page and API, through
/// <c>NationalNumbers</c>). Never logs: the number is personal data.
/// </summary>
public static class CallbackNumbers
{
    // Overseas departments and collectivities share the French numbering plan (+262, +590, +594, +596...).
    private static readonly HashSet<string> FrenchRegions = ["FR", "GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF"];
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static NumberVerdict Check(string? presented, NumberRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var kind = Classify(presented, out var number);
        if (!rules.Allows(kind))
        {
            return new NumberVerdict(null, null, kind);
        }

        if (kind == NumberRefusal.Short)
        {
            var digits = new string(presented!.Where(char.IsAsciiDigit).ToArray());
            return new NumberVerdict(digits, digits, kind);
        }

        var parsed = number!;
        var e164 = Util.Format(parsed, PhoneNumberFormat.E164);
        var readBack = FrenchRegions.Contains(Util.GetRegionCodeForNumber(parsed) ?? "")
            ? new string(Util.Format(parsed, PhoneNumberFormat.NATIONAL).Where(char.IsAsciiDigit).ToArray())
            : "00" + e164[1..];
        return new NumberVerdict(e164, readBack, kind);
    }

    private static NumberRefusal Classify(string? presented, out PhoneNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(presented) || presented.Length > 32 || presented.Contains("anonymous", StringComparison.OrdinalIgnoreCase))
        {
            return NumberRefusal.Missing;
        }

        var digits = presented.Count(char.IsAsciiDigit);
        if (!presented.TrimStart().StartsWith('+') && digits is >= 2 and <= 6)
        {
            return NumberRefusal.Short;
        }

        try
        {
            number = Util.Parse(presented, "FR");
        }
        catch (NumberParseException)
        {
            return NumberRefusal.Invalid;
        }

        if (!Util.IsValidNumber(number))
        {
            return NumberRefusal.Invalid;
        }

        if (!FrenchRegions.Contains(Util.GetRegionCodeForNumber(number) ?? ""))
        {
            return Personal(Util.GetNumberType(number)) ? NumberRefusal.Foreign : NumberRefusal.Invalid;
        }

        return Util.GetNumberType(number) switch
        {
            PhoneNumberType.PREMIUM_RATE or PhoneNumberType.SHARED_COST => NumberRefusal.Premium,
            var type when Personal(type) => NumberRefusal.None,
            _ => NumberRefusal.Invalid,
        };
    }

    private static bool Personal(PhoneNumberType type) =>
        type is PhoneNumberType.FIXED_LINE or PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.VOIP;
}
