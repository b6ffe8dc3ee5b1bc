using PhoneNumbers;

namespace Telephony.Sms;

/// <summary>
/// The only numbers an SMS goes to: valid French mobile numbers, metropolitan (06, 07) or of the overseas departments
/// and collectivities that share the French numbering plan. A landline cannot receive one; a foreign or premium-rate
/// number would make the service pay for, or relay, messages it has no business sending.
/// </summary>
public static class SmsRecipients
{
    private static readonly HashSet<string> FrenchRegions = ["FR", "GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF"];
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164 form when it is a French mobile, otherwise null.</summary>
    public static string? ToMobileE164(string? number)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 32)
        {
            return null;
        }

        try
        {
            var parsed = Util.Parse(number, "FR");
            var mobile = Util.IsValidNumber(parsed)
                && FrenchRegions.Contains(Util.GetRegionCodeForNumber(parsed) ?? "")
                && Util.GetNumberType(parsed) == PhoneNumberType.MOBILE;
            return mobile ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
