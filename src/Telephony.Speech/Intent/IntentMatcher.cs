using Telephony.Speech.Language;
using Telephony.Speech.Recognition;

namespace Telephony.Speech.Intent;

/// <summary>
/// Picks the menu option a transcript asks for. Both sides are normalised by <see cref="FrenchText"/>; each phrase is
/// compared, written without spaces, with every short window of the transcript's words, also without spaces, so extra
/// words around a phrase cost nothing and split or merged words ("carte vitale" / "cartevitale") compare equal;
/// small recognizer errors pass under <see cref="IntentMatcherOptions.FuzzyThreshold"/>. A caller may also say the
/// key ("deux", "touche deux"). Refused, with a reason: only "[unk]", nothing close enough, two options on different
/// words scoring alike (ambiguous), or matched words the recognizer was unsure of (mean confidence below the menu's).
/// Thread-safe and stateless apart from its options.
/// </summary>
public sealed class IntentMatcher(IntentMatcherOptions? options = null)
{
    private readonly IntentMatcherOptions _options = options ?? IntentMatcherOptions.Default;

    /// <summary>Matches a transcript given as text with one confidence for all its words (e.g. from the IVR's SpeechResult).</summary>
    public IntentMatch Match(SpeechMenu menu, string transcript, float confidence = 1f) =>
        Match(menu, RecognizedSpeech.FromText(transcript, confidence));

    public IntentMatch Match(SpeechMenu menu, RecognizedSpeech speech)
    {
        ArgumentNullException.ThrowIfNull(menu);
        ArgumentNullException.ThrowIfNull(speech);
        var words = speech.Words;
        if (words.Count == 0)
        {
            return IntentMatch.NoMatch(NoMatchReason.Silence, speech.Text);
        }

        if (speech.IsEmptyOrUnknown)
        {
            return IntentMatch.NoMatch(NoMatchReason.Unknown, speech.Text);
        }

        // "[unk]" words stay in the word list (their position keeps confidences aligned) but never match.
        var tokens = FrenchText.Tokenize(words.Select(w => w.IsUnknown ? "" : w.Word).ToList());
        var candidates = SpokenKey(menu, tokens) is { } key ? [key] : BestPerChoice(menu, tokens);
        if (candidates.Count == 0)
        {
            return IntentMatch.NoMatch(NoMatchReason.NoPhrase, speech.Text);
        }

        var best = candidates[0];
        var guess = menu.Choices[best.Choice].Key;
        if (candidates.Skip(1).Any(other => Rivals(best, other)))
        {
            return IntentMatch.NoMatch(NoMatchReason.Ambiguous, speech.Text) with { Guess = guess, Score = best.Score, Phrase = best.Phrase };
        }

        var confidence = MeanConfidence(words, tokens, best);
        var minConfidence = menu.MinConfidence ?? _options.MinConfidence;
        if (confidence < minConfidence)
        {
            return IntentMatch.NoMatch(NoMatchReason.LowConfidence, speech.Text) with
            {
                Guess = guess, Score = best.Score, Phrase = best.Phrase, Confidence = confidence,
            };
        }

        return new IntentMatch(guess, NoMatchReason.None, speech.Text) { Score = best.Score, Phrase = best.Phrase, Confidence = confidence };
    }

    /// <summary>
    /// Another option competes with the best when it matched other words nearly as well (the caller named two things),
    /// or the same words exactly as well with an equally long phrase. A longer phrase containing a shorter one wins.
    /// </summary>
    private bool Rivals(Candidate best, Candidate other)
    {
        var overlap = other.First <= best.Last && best.First <= other.Last;
        return overlap
            ? other.Score >= best.Score && other.Phrase.Length >= best.Phrase.Length
            : best.Score - other.Score < _options.AmbiguityMargin;
    }

    /// <summary>The key itself said as a number, alone or with "touche", "option", "le"...: "deux", "touche 2", "étoile neuf".</summary>
    private static Candidate? SpokenKey(SpeechMenu menu, IReadOnlyList<TextToken> tokens)
    {
        var content = tokens.Where(t => !SpeechMenu.KeyWords.Contains(t.Text) && !FrenchFillers.IsFiller(t.Text)).ToList();
        if (content.Count == 0 || !content.All(t => t.IsNumber || t.Text is "etoile" or "diese"))
        {
            return null;
        }

        var key = string.Concat(content.Select(t => t.Text switch
        {
            "etoile" => "*",
            "diese" => "#",
            _ => t.Text,
        }));
        return menu.SpokenKeys.TryGetValue(key, out var choice)
            ? new Candidate(choice, key, 1, content[0].FirstWord, content[^1].LastWord)
            : null;
    }

    private List<Candidate> BestPerChoice(SpeechMenu menu, IReadOnlyList<TextToken> tokens)
    {
        var best = new Dictionary<int, Candidate>();
        foreach (var form in menu.Forms)
        {
            if (BestWindow(form, tokens) is not { } candidate || candidate.Score < Threshold(form))
            {
                continue;
            }

            if (!best.TryGetValue(form.Choice, out var current) || Better(candidate, current))
            {
                best[form.Choice] = candidate;
            }
        }

        return best.Values.OrderByDescending(c => c.Score).ThenByDescending(c => c.Phrase.Length).ToList();
    }

    private static bool Better(Candidate a, Candidate b) => a.Score > b.Score || (a.Score == b.Score && a.Phrase.Length > b.Phrase.Length);

    private double Threshold(CompiledForm form) => form.Joined.Length < _options.ExactBelowLength ? 1 : _options.FuzzyThreshold;

    /// <summary>The transcript window (up to one word more than the phrase has) most similar to the phrase.</summary>
    private static Candidate? BestWindow(CompiledForm form, IReadOnlyList<TextToken> tokens)
    {
        Candidate? best = null;
        for (var first = 0; first < tokens.Count; first++)
        {
            var joined = "";
            for (var last = first; last < tokens.Count && last - first <= form.TokenCount; last++)
            {
                joined += tokens[last].Text;
                if (joined.Length > form.Joined.Length * 2)
                {
                    break;
                }

                var score = EditDistance.Similarity(form.Joined, joined);
                if (best is null || score > best.Score)
                {
                    best = new Candidate(form.Choice, form.Text, score, tokens[first].FirstWord, tokens[last].LastWord);
                }
            }
        }

        return best;
    }

    /// <summary>Mean confidence of the recognizer words under the match (all words when the span is unknown).</summary>
    private static float MeanConfidence(IReadOnlyList<RecognizedWord> words, IReadOnlyList<TextToken> tokens, Candidate match)
    {
        var first = Math.Clamp(match.First, 0, words.Count - 1);
        var last = Math.Clamp(match.Last, first, words.Count - 1);
        var span = words.Skip(first).Take(last - first + 1).Where(w => !w.IsUnknown).ToList();
        return tokens.Count == 0 || span.Count == 0 ? words.Average(w => w.Confidence) : span.Average(w => w.Confidence);
    }

    private sealed record Candidate(int Choice, string Phrase, double Score, int First, int Last);
}
