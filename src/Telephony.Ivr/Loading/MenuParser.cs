using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>Reads a <c>menu</c> node: its prompt, its options, and what happens on silence, wrong keys and the last attempt.</summary>
internal static class MenuParser
{
    public static MenuNode? Parse(NodeSource source)
    {
        var fields = source.Fields;
        var context = $"node '{source.Name}'";
        var prompt = PromptParser.Parse(fields, "prompt", required: true);
        var options = ParseOptions(fields, context);
        var timeout = fields.Duration("timeout", required: true);
        var interDigitTimeout = fields.Duration("inter-digit-timeout", required: false);
        var maxAttempts = fields.Integer("max-attempts", required: true, minimum: 1);
        var shortPrompt = PromptParser.Parse(fields, "short-prompt", required: false);
        var invalidPrompt = PromptParser.Parse(fields, "invalid-prompt", required: false);
        var minConfidence = fields.Fraction("min-confidence") ?? MenuNode.DefaultMinConfidence;
        var timeoutPrompt = PromptParser.Parse(fields, "timeout-prompt", required: false);
        var bargeIn = fields.Boolean("barge-in") ?? true;
        NodeLink? exit = null;
        if (fields.Has("on-max-attempts"))
        {
            exit = NodeParsers.Link(fields, "on-max-attempts");
        }
        else
        {
            fields.Errors.At(
                source.Position,
                $"{context}: a menu needs 'on-max-attempts', the node to go to when the caller runs out of attempts");
        }

        if (interDigitTimeout is not null && timeout is not null && interDigitTimeout > timeout)
        {
            // The pause between two keys of one entry cannot sensibly outlast the wait for the first key.
            fields.Errors.At(
                fields.ValuePosition("inter-digit-timeout")!.Value,
                $"{context}: 'inter-digit-timeout' must not be longer than the menu 'timeout'");
            return null;
        }

        if (prompt is null || options is null || timeout is null || maxAttempts is null || exit is null)
        {
            return null;
        }

        return new MenuNode(
            source.Name, prompt, options, timeout.Value, maxAttempts.Value, invalidPrompt, timeoutPrompt, exit.Value.Target, bargeIn)
        {
            Position = source.Position,
            OnMaxAttemptsLink = exit.Value,
            ShortPrompt = shortPrompt,
            MinConfidence = minConfidence,
            InterDigitTimeout = interDigitTimeout ?? Min(MenuNode.DefaultInterDigitTimeout, timeout.Value),
        };
    }

    private static List<MenuOption>? ParseOptions(YamlFields fields, string context)
    {
        var sequence = fields.Sequence("options", required: true);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            fields.Errors.At(sequence.Start, $"{context}: a menu needs at least one option");
            return null;
        }

        var options = new List<MenuOption>();
        var complete = true;
        foreach (var item in sequence.Children)
        {
            var option = ParseOption(item, fields.Errors, context);
            if (option is null)
            {
                complete = false;
                continue;
            }

            if (options.FirstOrDefault(o => o.Key == option.Key) is { } first)
            {
                fields.Errors.At(
                    option.KeyPosition,
                    $"{context}: option '{option.Key}' is defined twice (first at line {first.KeyPosition.Line})");
                complete = false;
                continue;
            }

            if (options.FirstOrDefault(o => string.Equals(o.Label, option.Label, StringComparison.OrdinalIgnoreCase)) is { } sameLabel)
            {
                // Two choices an agent cannot tell apart in the caller's path.
                fields.Errors.At(
                    option.LabelPosition ?? option.KeyPosition,
                    $"{context}: label '{option.Label}' of option '{option.Key}' is already the label of option '{sameLabel.Key}' (line {sameLabel.KeyPosition.Line})");
                complete = false;
                continue;
            }

            if (!PhrasesAreUnique(option, options, fields.Errors, context))
            {
                complete = false;
                continue;
            }

            options.Add(option);
        }

        return complete ? options : null;
    }

    /// <summary>One phrase naming two options would send a caller to a queue by chance: compared after normalisation.</summary>
    private static bool PhrasesAreUnique(MenuOption option, List<MenuOption> earlier, ErrorSink errors, string context)
    {
        var unique = true;
        for (var i = 0; i < option.Phrases.Count; i++)
        {
            var normalised = SpeechText.Normalize(option.Phrases[i]);
            var own = option.Phrases.Take(i).Any(p => SpeechText.Normalize(p) == normalised);
            var other = earlier.FirstOrDefault(o => o.Phrases.Any(p => SpeechText.Normalize(p) == normalised));
            if (own || other is not null)
            {
                var where = other is null ? $"option '{option.Key}'" : $"option '{other.Key}' (line {other.KeyPosition.Line})";
                errors.At(option.PhrasePositions[i], $"{context}: phrase '{option.Phrases[i]}' is already a phrase of {where}");
                unique = false;
            }
        }

        return unique;
    }

    private static MenuOption? ParseOption(YamlNode item, ErrorSink errors, string context)
    {
        if (item is not YamlMappingNode mapping)
        {
            errors.At(item.Start, $"{context}: each option must be a mapping with 'key' and 'next'");
            return null;
        }

        var fields = new YamlFields(mapping, mapping.Start, $"{context} option", errors);
        var key = fields.Scalar("key", required: true);
        var next = NodeParsers.Link(fields, "next");
        var phrases = fields.Texts("phrases");
        var label = fields.Scalar("label", required: false);
        fields.ReportUnknownFields();
        if (key is null || next is null || phrases is null)
        {
            return null;
        }

        if (label is not null && label.Value!.Trim().Length > MenuOption.MaxLabelLength)
        {
            errors.At(label.Start, $"{context}: option label must be at most {MenuOption.MaxLabelLength} characters");
            return null;
        }

        // A plain YAML number (key: 12) is read as the text it is written with, so key: 01 keeps its zero.
        if (!MenuOption.IsValidKey(key.Value))
        {
            errors.At(
                key.Start,
                $"{context}: option key '{key.Value}' must be 1 to {MenuOption.MaxKeyLength} keys of 0-9, * or # (quote keys with * or #)");
            return null;
        }

        var phraseTexts = phrases.Select(p => p.Value!).ToList();
        return new MenuOption(key.Value!, next.Value.Target)
        {
            Label = label?.Value!.Trim() ?? MenuOption.DefaultLabel(key.Value!, phraseTexts),
            LabelPosition = label?.Start,
            KeyPosition = key.Start,
            NextLink = next.Value,
            Phrases = phraseTexts,
            PhrasePositions = phrases.Select(p => p.Start).ToList(),
        };
    }

    /// <summary>A script with a short menu timeout and no inter-digit timeout keeps a valid pair rather than an error.</summary>
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
