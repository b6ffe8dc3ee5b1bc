using Telephony.Speech.Language;

namespace Telephony.Speech.Tests;

public sealed class FrenchTextTests
{
    [Theory]
    [InlineData("Relevé de Carrière !", "releve de carriere")]
    [InlineData("l'attestation", "attestation")]
    [InlineData("l attestation", "attestation")]
    [InlineData("L’attestation", "attestation")]
    [InlineData("m'inscrire", "inscrire")]
    [InlineData("qu'est-ce que", "est ce que")]
    [InlineData("rappelez-moi", "rappelez moi")]
    [InlineData("Allocations familiales", "allocation familiale")]
    [InlineData("œuvre", "oeuvre")]
    [InlineData("s'il vous plaît", "il vou plait")]
    [InlineData("r s a", "rsa")]
    [InlineData("à l attestation", "a attestation")]
    public void Text_is_lower_cased_with_accents_elisions_hyphens_and_plurals_folded(string text, string expected) =>
        Assert.Equal(expected, FrenchText.Normalize(text));

    [Theory]
    [InlineData("tapez deux", "tapez 2")]
    [InlineData("vingt et un", "21")]
    [InlineData("soixante et onze", "71")]
    [InlineData("quatre-vingt-dix-sept", "97")]
    [InlineData("quatre vingts", "80")]
    [InlineData("dix sept", "17")]
    [InlineData("trois mille neuf cent soixante", "3960")]
    [InlineData("deux cents", "200")]
    [InlineData("un deux trois", "1 2 3")]
    [InlineData("septante", "70")]
    [InlineData("zéro huit", "0 8")]
    public void Number_words_become_digits_and_a_run_that_breaks_number_grammar_stays_apart(string text, string expected) =>
        Assert.Equal(expected, FrenchText.Normalize(text));

    [Theory]
    [InlineData(0, "zéro")]
    [InlineData(1, "un")]
    [InlineData(17, "dix-sept")]
    [InlineData(21, "vingt et un")]
    [InlineData(71, "soixante et onze")]
    [InlineData(80, "quatre-vingts")]
    [InlineData(81, "quatre-vingt-un")]
    [InlineData(99, "quatre-vingt-dix-neuf")]
    [InlineData(200, "deux cents")]
    [InlineData(201, "deux cent un")]
    [InlineData(3646, "trois mille six cent quarante-six")]
    public void Numbers_are_spelled_in_French(int number, string expected) => Assert.Equal(expected, FrenchNumbers.ToWords(number));

    [Fact]
    public void Every_number_up_to_two_thousand_reads_back_from_its_words()
    {
        for (var n = 0; n <= 2000; n++)
        {
            Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), FrenchText.Normalize(FrenchNumbers.ToWords(n)));
        }
    }

    [Fact]
    public void Tokens_remember_the_recognizer_words_they_came_from()
    {
        var tokens = FrenchText.Tokenize(["je", "veux", "vingt", "et", "un", "l'attestation"]);

        Assert.Equal(["je", "veu", "21", "attestation"], tokens.Select(t => t.Text));
        Assert.Equal((2, 4), (tokens[2].FirstWord, tokens[2].LastWord));
        Assert.Equal((5, 5), (tokens[3].FirstWord, tokens[3].LastWord));
    }

    [Theory]
    [InlineData("paiement", "paiement", 1.0)]
    [InlineData("paiement", "paiment", 0.875)]
    [InlineData("", "", 1.0)]
    [InlineData("abc", "", 0.0)]
    public void Similarity_is_one_minus_edit_distance_over_length(string a, string b, double expected) =>
        Assert.Equal(expected, EditDistance.Similarity(a, b), precision: 3);
}
