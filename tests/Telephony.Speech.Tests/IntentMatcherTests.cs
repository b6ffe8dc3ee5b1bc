using Telephony.Speech.Intent;
using Telephony.Speech.Recognition;

namespace Telephony.Speech.Tests;

public sealed class IntentMatcherTests
{
    private static readonly SpeechMenu Menu = new(
    [
        new SpeechChoice("1", ["retraite"]),
        new SpeechChoice("2", ["paiement", "date de paiement"]),
        new SpeechChoice("3", ["relevé de carrière"]),
    ]);

    private readonly IntentMatcher _matcher = new();

    [Fact]
    public void Word_confidences_from_the_Vosk_result_decide_when_the_recognizer_was_unsure()
    {
        var sure = RecognizedSpeech.FromVoskJson("""{"result":[{"conf":0.95,"end":0.9,"start":0.3,"word":"retraite"}],"text":"retraite"}""");
        var unsure = RecognizedSpeech.FromVoskJson("""{"result":[{"conf":0.31,"end":0.9,"start":0.3,"word":"retraite"}],"text":"retraite"}""");

        var accepted = _matcher.Match(Menu, sure);
        var refused = _matcher.Match(Menu, unsure);

        Assert.Equal("1", accepted.Key);
        Assert.Equal(0.95f, accepted.Confidence, precision: 3);
        Assert.Null(refused.Key);
        Assert.Equal(NoMatchReason.LowConfidence, refused.Reason);
        Assert.Equal("1", refused.Guess);
    }

    [Fact]
    public void Only_the_matched_words_confidences_count_not_the_filler_around_them()
    {
        var speech = new RecognizedSpeech("euh le paiement", [new("euh", 0.2f, 0, 0), new("le", 0.3f, 0, 0), new("paiement", 0.9f, 0, 0)]);

        var match = _matcher.Match(Menu, speech);

        Assert.Equal("2", match.Key);
        Assert.Equal(0.9f, match.Confidence, precision: 3);
    }

    [Fact]
    public void The_menu_min_confidence_overrides_the_default()
    {
        var strict = new SpeechMenu(Menu.Choices, minConfidence: 0.9f);

        Assert.Equal(NoMatchReason.LowConfidence, _matcher.Match(strict, "retraite", 0.8f).Reason);
        Assert.Equal("1", _matcher.Match(Menu, "retraite", 0.8f).Key);
    }

    [Fact]
    public void Unknown_words_around_a_phrase_do_not_hurt_but_unknown_alone_is_no_match()
    {
        Assert.Equal("1", _matcher.Match(Menu, "[unk] retraite [unk]").Key);
        Assert.Equal(NoMatchReason.Unknown, _matcher.Match(Menu, "[unk]").Reason);
    }

    [Fact]
    public void A_longer_phrase_containing_a_shorter_one_of_another_option_wins_over_it()
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["paiement"]), new SpeechChoice("2", ["paiement non reçu"])]);

        Assert.Equal("2", _matcher.Match(menu, "paiement non recu").Key);
        Assert.Equal("1", _matcher.Match(menu, "paiement").Key);
    }

    [Fact]
    public void Two_options_with_the_same_phrase_tie_and_tie_is_no_match()
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["conseiller"]), new SpeechChoice("2", ["conseiller"])]);

        var match = _matcher.Match(menu, "conseiller");

        Assert.Equal(NoMatchReason.Ambiguous, match.Reason);
    }

    [Fact]
    public void Short_phrases_must_be_heard_exactly()
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["rsa"]), new SpeechChoice("2", ["apl"])]);

        Assert.Equal("1", _matcher.Match(menu, "rsa").Key);
        Assert.Equal(NoMatchReason.NoPhrase, _matcher.Match(menu, "rsi").Reason);
    }

    [Fact]
    public void A_key_said_as_a_number_chooses_only_keys_the_menu_has()
    {
        var menu = new SpeechMenu([new SpeechChoice("1", ["retraite"]), new SpeechChoice("12", ["autre"]), new SpeechChoice("*9", ["agent"])]);

        Assert.Equal("12", _matcher.Match(menu, "douze").Key);
        Assert.Equal("12", _matcher.Match(menu, "option un deux").Key);
        Assert.Equal("*9", _matcher.Match(menu, "étoile neuf").Key);
        Assert.Equal(NoMatchReason.NoPhrase, _matcher.Match(menu, "sept").Reason);
    }

    [Fact]
    public void A_stricter_fuzzy_threshold_refuses_what_the_default_accepts()
    {
        var strict = new IntentMatcher(new IntentMatcherOptions { FuzzyThreshold = 0.95 });

        Assert.Equal("3", _matcher.Match(Menu, "releve carriere").Key);
        Assert.Equal(NoMatchReason.NoPhrase, strict.Match(Menu, "releve carriere").Reason);
    }
}
