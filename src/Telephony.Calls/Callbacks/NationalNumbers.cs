using PhoneNumbers;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// The only numbers the service will ever dial: valid French numbers (metropolitan and overseas departments),
/// never premium-rate or short numbers. This is what keeps callbacks from becoming an open relay.
/// </summary>
public static class NationalNumbers
{
    // Overseas departments and collectivities share the French numbering plan (+262, +590, +594, +596...).
    private static readonly HashSet<string> FrenchRegions = ["FR", "GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF"];
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164 form when it is one the service may call back, otherwise null.</summary>
    public static string? ToDialableE164(string? presented)
    {
        if (string.IsNullOrWhiteSpace(presented) || presented.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(presented, "FR");
            var type = Util.GetNumberType(number);
            var dialable = Util.IsValidNumber(number)
                && FrenchRegions.Contains(Util.GetRegionCodeForNumber(number) ?? "")
                && type is PhoneNumberType.FIXED_LINE or PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.VOIP;
            return dialable ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>A number this class accepted, as the French write it ("06 12 34 56 78"), to show the citizen what they typed.</summary>
    public static string ToNationalFormat(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        try
        {
            return Util.Format(Util.Parse(e164, "FR"), PhoneNumberFormat.NATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
