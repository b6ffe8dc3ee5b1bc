using Telephony.Calls.Callbacks;


namespace Telephony.Calls.Tests;

/// <summary>Callbacks dial only valid French numbers: the guard that keeps the service from being an open relay.</summary>
public sealed class NationalNumbersTests
{
    [Theory]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("01 44 55 66 77", "+33144556677")]
    [InlineData("+262 262 21 22 23", "+262262212223")]
    public void Valid_french_numbers_are_dialable_in_e164(string presented, string expected)
    {
        Assert.Equal(expected, NationalNumbers.ToDialableE164(presented));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("sipp")]
    [InlineData("3960")]
    [InlineData("0899123456")]
    [InlineData("+442071838750")]
    [InlineData("+1 212 555 0100")]
    [InlineData("061234")]
    [InlineData("06123456789012345678901234567890123")]
    public void Anything_else_is_refused(string? presented)
    {
        Assert.Null(NationalNumbers.ToDialableE164(presented));
    }
}
