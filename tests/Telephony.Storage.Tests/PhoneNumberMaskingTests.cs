namespace Telephony.Storage.Tests;

public sealed class PhoneNumberMaskingTests
{
    [Theory]
    [InlineData("+33612345678", "+336******78")]
    [InlineData("+33 6 12 34 56 78", "+336******78")]
    [InlineData("0612345678", "06******78")]
    [InlineData("06.12.34.56.78", "06******78")]
    [InlineData("sip:+33140506070@trunk.example", "+331******70")]
    [InlineData("3949", "**49")]
    [InlineData("112", "**2")]
    [InlineData("7", "*")]
    public void A_number_keeps_only_its_last_two_digits_and_the_prefix_of_a_full_number(string number, string expected)
    {
        Assert.Equal(expected, PhoneNumberMasking.Mask(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Anonymous")]
    public void A_missing_or_withheld_number_is_anonymous(string? number)
    {
        Assert.Equal("anonymous", PhoneNumberMasking.Mask(number));
    }

    [Fact]
    public void A_masked_number_never_contains_the_subscriber_digits()
    {
        var masked = PhoneNumberMasking.Mask("+33698765432");

        Assert.DoesNotContain("987654", masked);
        Assert.EndsWith("32", masked);
        Assert.Equal("+33698765432".Length, masked.Length);
    }
}
