namespace Telephony.Sms.Tests;

public sealed class SmsRecipientsTests
{
    [Theory]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("07 81 23 45 67", "+33781234567")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("+262692123456", "+262692123456")] // La Réunion
    [InlineData("+590690123456", "+590690123456")] // Guadeloupe
    public void French_mobiles_are_kept_in_e164(string given, string expected)
    {
        Assert.Equal(expected, SmsRecipients.ToMobileE164(given));
    }

    [Theory]
    [InlineData("0142345678")] // Paris landline: cannot receive an SMS
    [InlineData("0899123456")] // premium rate
    [InlineData("3960")] // short number
    [InlineData("+447911123456")] // a British mobile
    [InlineData("+4915112345678")] // a German mobile
    [InlineData("06123")]
    [InlineData("anonymous")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_gets_no_sms(string? given)
    {
        Assert.Null(SmsRecipients.ToMobileE164(given));
    }
}
