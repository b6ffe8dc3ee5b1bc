namespace Telephony.Ivr.Tests;

/// <summary>Which numbers may be called back, and the reason each refused one is given.</summary>
public sealed class CallbackNumbersTests
{
    [Theory]
    [InlineData("0612345678", "+33612345678", "0612345678")]
    [InlineData("+33 1 44 55 66 77", "+33144556677", "0144556677")]
    [InlineData("0972123456", "+33972123456", "0972123456")]
    [InlineData("+262 262 21 23 45", "+262262212345", "0262212345")]
    public void French_mobile_geographic_and_overseas_numbers_are_accepted_and_read_back_nationally(string presented, string e164, string digits)
    {
        var verdict = CallbackNumbers.Check(presented, NumberRules.Strict);

        Assert.Equal((e164, digits, NumberRefusal.None), (verdict.E164, verdict.Digits, verdict.Refusal));
    }

    [Theory]
    [InlineData("0899123456", NumberRefusal.Premium)]
    [InlineData("0810123456", NumberRefusal.Premium)]
    [InlineData("3960", NumberRefusal.Short)]
    [InlineData("112", NumberRefusal.Short)]
    [InlineData("+44 20 7123 4567", NumberRefusal.Foreign)]
    [InlineData("00442071234567", NumberRefusal.Foreign)]
    [InlineData("0800123456", NumberRefusal.Invalid)]
    [InlineData("0612", NumberRefusal.Short)]
    [InlineData("0612345", NumberRefusal.Invalid)]
    [InlineData("anonymous", NumberRefusal.Missing)]
    [InlineData(null, NumberRefusal.Missing)]
    public void Premium_short_foreign_and_missing_numbers_are_refused_with_their_reason(string? presented, NumberRefusal reason)
    {
        var verdict = CallbackNumbers.Check(presented, NumberRules.Strict);

        Assert.Equal((null, reason), (verdict.E164, verdict.Refusal));
        Assert.True(AnnouncementFragments.All.ContainsKey(NumberFragments.Reason(reason)));
    }

    [Fact]
    public void A_node_that_accepts_foreign_numbers_reads_them_back_with_their_international_prefix()
    {
        var verdict = CallbackNumbers.Check("+44 20 7123 4567", new NumberRules(AllowForeign: true));

        Assert.Equal(("+442071234567", "00442071234567", NumberRefusal.Foreign), (verdict.E164, verdict.Digits, verdict.Kind));
        Assert.Null(CallbackNumbers.Check("0899123456", new NumberRules(AllowForeign: true)).E164);
    }
}
