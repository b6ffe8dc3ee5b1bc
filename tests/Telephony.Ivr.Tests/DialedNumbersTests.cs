namespace Telephony.Ivr.Tests;

public sealed class DialedNumbersTests
{
    [Theory]
    [InlineData("3960", "3960")]
    [InlineData("+333960", "3960")]
    [InlineData("0809401401", "0809401401")]
    [InlineData("+33809401401", "0809401401")]
    [InlineData("0033809401401", "0809401401")]
    [InlineData("33809401401", "0809401401")]
    [InlineData("+33 8 09 40 14 01", "0809401401")]
    [InlineData("08.09.40.14.01", "0809401401")]
    [InlineData("sip:%2B33809401401@trunk.example;user=phone", "0809401401")]
    [InlineData("tel:+33809401401;phone-context=example", "0809401401")]
    [InlineData("+442071234567", "+442071234567")]
    public void Trunk_forms_of_a_number_normalise_to_one_form(string dialed, string expected)
    {
        Assert.Equal(expected, DialedNumbers.Normalize(dialed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bob")]
    [InlineData("sip:alice@example.org")]
    [InlineData("+")]
    [InlineData("12+34")]
    [InlineData("%ZZ%")]
    public void Text_that_is_not_a_number_normalises_to_null(string? dialed)
    {
        Assert.Null(DialedNumbers.Normalize(dialed));
    }

    [Fact]
    public void An_absurdly_long_input_is_refused_quickly()
    {
        Assert.Null(DialedNumbers.Normalize(new string('1', 100_000)));
    }
}
