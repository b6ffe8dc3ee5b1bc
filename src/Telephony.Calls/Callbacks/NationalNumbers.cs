using Telephony.Ivr;

namespace Telephony.Calls.Callbacks;

/// <summary>
/// The only numbers the service will ever dial: valid French numbers (metropolitan and overseas departments),
/// never premium-rate or short numbers, unless a script's node allows more (<see cref="NumberRules"/>). This is what
/// keeps callbacks from becoming an open relay. The sorting itself is <see cref="CallbackNumbers"/>, which the IVR
/// uses to tell the caller why a number is refused.
/// </summary>
public static class NationalNumbers
{
    /// <summary>The number in E.164 form when it is one the service may call back, otherwise null.</summary>
    public static string? ToDialableE164(string? presented) => ToDialableE164(presented, NumberRules.Strict);

    /// <inheritdoc cref="ToDialableE164(string?)"/>
    public static string? ToDialableE164(string? presented, NumberRules rules) => CallbackNumbers.Check(presented, rules).E164;

    /// <summary>A number this class accepted, as the French write it ("06 12 34 56 78"), to show the citizen what they typed.</summary>
    public static string ToNationalFormat(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        try
        {
            return util.Format(util.Parse(e164, "FR"), PhoneNumbers.PhoneNumberFormat.NATIONAL);
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return e164;
        }
    }
}
