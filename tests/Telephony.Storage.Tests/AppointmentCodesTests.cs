namespace Telephony.Storage.Tests;

public sealed class AppointmentCodesTests
{
    [Fact]
    public void Codes_are_six_characters_without_look_alikes_and_spread_over_the_alphabet()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => AppointmentCodes.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$", c));
        Assert.DoesNotContain(AppointmentCodes.Alphabet, c => c is '0' or 'O' or '1' or 'I' or 'L');
        Assert.Equal(AppointmentCodes.Alphabet.Length, codes.SelectMany(c => c).Distinct().Count());
        Assert.True(codes.Distinct().Count() > 1990, "2000 draws from 887 million codes should almost never repeat");
    }

    [Theory]
    [InlineData("4KQ7AB", "4KQ7AB")]
    [InlineData("4kq7ab", "4KQ7AB")]
    [InlineData(" 4kq-7ab ", "4KQ7AB")]
    [InlineData("4KQ 7AB", "4KQ7AB")]
    [InlineData("4KQ7A", null)]
    [InlineData("4KQ7ABC", null)]
    [InlineData("4KQ7A0", null)]
    [InlineData("4KQ7AI", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_typed_code_is_compared_in_upper_case_and_a_code_that_cannot_exist_is_refused(string? typed, string? expected) =>
        Assert.Equal(expected, AppointmentCodes.Normalize(typed));
}
