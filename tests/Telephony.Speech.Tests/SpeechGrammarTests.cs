using Telephony.Speech.Intent;
using Telephony.Speech.Recognition;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

public sealed class SpeechGrammarTests
{
    [Fact]
    public void The_grammar_is_the_phrases_in_lower_case_with_digits_spelled_and_unk_last()
    {
        var grammar = SpeechGrammar.Build(["Retraite", "Relevé de carrière", "option 3", "retraite", "  Carte   Vitale ! "]);

        Assert.Equal(["retraite", "relevé de carrière", "option trois", "carte vitale", "[unk]"], grammar.Phrases);
        Assert.Equal("[\"retraite\", \"relevé de carrière\", \"option trois\", \"carte vitale\", \"[unk]\"]", grammar.Json);
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped_and_accents_stay_UTF8()
    {
        var json = SpeechGrammar.ToJson(["dit \"oui\"", "a\\b", "tab\there", "déménagement"]);

        Assert.Equal("[\"dit \\\"oui\\\"\", \"a\\\\b\", \"tab\\u0009here\", \"déménagement\"]", json);
        var parsed = System.Text.Json.JsonSerializer.Deserialize<string[]>(json);
        Assert.Equal(["dit \"oui\"", "a\\b", "tab\there", "déménagement"], parsed!);
    }

    [Fact]
    public void Apostrophes_are_made_plain_and_words_the_model_lacks_are_split_or_left_out()
    {
        string[] vocabulary = ["rappelez", "moi", "m'", "inscrire", "prime", "d'", "activité"];

        var grammar = SpeechGrammar.Build(["rappelez-moi", "m’inscrire", "prime d'activité", "xyzzy"], vocabulary.Contains);

        Assert.Equal(["rappelez moi", "m' inscrire", "prime d' activité", "[unk]"], grammar.Phrases);
        Assert.Equal(["xyzzy"], grammar.LeftOutWords);
    }

    [Fact]
    public void A_menu_grammar_also_listens_for_its_keys_said_as_numbers()
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["retraite"]), new SpeechChoice("12", ["paiement"]) { Synonyms = ["versement"] }, new SpeechChoice("*9", ["autre"])]);

        var grammar = menu.BuildGrammar();

        Assert.Equal(["retraite", "paiement", "versement", "autre", "un", "un deux", "douze", "étoile neuf", "[unk]"], grammar.Phrases);
    }

    [Fact]
    public void Every_shipped_menu_gives_a_grammar_with_each_phrase_once_and_unk_last()
    {
        foreach (var (script, node, menu) in ShippedMenus.All())
        {
            var grammar = menu.BuildGrammar();

            Assert.True(grammar.Phrases[^1] == "[unk]", $"{script}/{node}");
            Assert.Equal(grammar.Phrases.Count, grammar.Phrases.Distinct().Count());
            Assert.All(menu.Choices.SelectMany(c => c.Phrases), p => Assert.Contains(SpeechGrammar.Build([p]).Phrases[0], grammar.Phrases));
        }
    }
}
