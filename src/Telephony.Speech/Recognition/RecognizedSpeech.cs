using System.Text.Json;

namespace Telephony.Speech.Recognition;

/// <summary>One word of a transcript, with the recognizer's confidence (0-1) and its times in seconds from the utterance start.</summary>
public readonly record struct RecognizedWord(string Word, float Confidence, float Start, float End)
{
    /// <summary>Vosk's token for speech that matched none of the grammar's phrases.</summary>
    public const string Unknown = "[unk]";

    public bool IsUnknown => Word == Unknown;
}

/// <summary>
/// What a recognizer heard in one utterance: the text and, when the recognizer reports them, its words with
/// confidences. Parsed from Vosk's result JSON: <c>{"result": [{"conf": 0.98, "end": 1.2, "start": 0.6, "word": "retraite"}], "text": "retraite"}</c>.
/// </summary>
public sealed record RecognizedSpeech(string Text, IReadOnlyList<RecognizedWord> Words)
{
    public static readonly RecognizedSpeech Empty = new(string.Empty, []);

    /// <summary>Nothing but silence or "[unk]" was heard.</summary>
    public bool IsEmptyOrUnknown => Words.Count > 0
        ? Words.All(w => w.IsUnknown)
        : Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => w == RecognizedWord.Unknown);

    /// <summary>A transcript from text alone (a stand-in, or Vosk without word results): every word at <paramref name="confidence"/>.</summary>
    public static RecognizedSpeech FromText(string text, float confidence = 1f) =>
        new(text, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new RecognizedWord(w, confidence, 0, 0)).ToList());

    /// <summary>Parses a Vosk result (<c>text</c> and <c>result</c>) or partial (<c>partial</c>) JSON; malformed JSON is an empty result.</summary>
    public static RecognizedSpeech FromVoskJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!
                : root.TryGetProperty("partial", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!
                : string.Empty;
            var words = new List<RecognizedWord>();
            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in result.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("word", out var word) && word.ValueKind == JsonValueKind.String)
                    {
                        words.Add(new RecognizedWord(word.GetString()!, Number(item, "conf", 1f), Number(item, "start", 0f), Number(item, "end", 0f)));
                    }
                }
            }

            return words.Count == 0 && text.Length > 0 ? FromText(text) : new RecognizedSpeech(text, words);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static float Number(JsonElement item, string name, float fallback) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetSingle() : fallback;
}
