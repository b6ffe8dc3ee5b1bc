namespace Telephony.Sms.Tests;

public sealed class SmsShapeTests
{
    [Fact]
    public void The_confirmation_of_the_issue_is_one_gsm_segment_accents_included()
    {
        var shape = SmsShape.Of("Votre rendez-vous téléphonique CNAV : mardi 24 novembre entre 14 h et 14 h 30. Code d'annulation : 4KQ7.");

        Assert.Equal(SmsCoding.Gsm7, shape.Coding);
        Assert.Equal(1, shape.Segments);
    }

    [Theory]
    [InlineData("à é è ù ì ò É Ç")]
    [InlineData("@£$¥ ÄÖÑÜ äöñü ß §¿¡")]
    public void Letters_of_the_gsm_alphabet_stay_in_7_bit(string text)
    {
        Assert.Equal(SmsCoding.Gsm7, SmsShape.Of(text).Coding);
    }

    [Theory]
    [InlineData("mardi 4 août")]
    [InlineData("une fenêtre")]
    [InlineData("ça")]
    [InlineData("l’apostrophe typographique")]
    [InlineData("« guillemets »")]
    public void A_character_outside_the_gsm_alphabet_makes_the_text_ucs2(string text)
    {
        Assert.Equal(SmsCoding.Ucs2, SmsShape.Of(text).Coding);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm_texts_take_160_characters_alone_then_153_a_segment(int length, int segments)
    {
        var shape = SmsShape.Of(new string('a', length));

        Assert.Equal((SmsCoding.Gsm7, length, segments), (shape.Coding, shape.Units, shape.Segments));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_texts_take_70_characters_alone_then_67_a_segment(int length, int segments)
    {
        var shape = SmsShape.Of(new string('ê', length));

        Assert.Equal((SmsCoding.Ucs2, length, segments), (shape.Coding, shape.Units, shape.Segments));
    }

    [Fact]
    public void An_extension_character_costs_two_septets()
    {
        var eighty = SmsShape.Of(new string('€', 80));
        Assert.Equal((SmsCoding.Gsm7, 160, 1), (eighty.Coding, eighty.Units, eighty.Segments));
        Assert.Equal(2, SmsShape.Of("a" + new string('€', 80)).Segments);
    }

    [Fact]
    public void An_escape_pair_is_never_split_between_two_segments()
    {
        // 152 septets, then a 2-septet euro sign that cannot share the first segment's last septet.
        var text = new string('a', 152) + "€" + new string('a', 152);

        var shape = SmsShape.Of(text);

        Assert.Equal(306, shape.Units);
        Assert.Equal(3, shape.Segments);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_between_two_segments()
    {
        var text = new string('ê', 66) + "😀" + new string('ê', 66);

        var shape = SmsShape.Of(text);

        Assert.Equal((SmsCoding.Ucs2, 134), (shape.Coding, shape.Units));
        Assert.Equal(3, shape.Segments);
    }
}
