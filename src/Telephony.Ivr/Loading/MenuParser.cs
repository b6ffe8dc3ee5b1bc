using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>Reads a <c>menu</c> node: its prompt, its options, and what happens on silence, wrong keys and the last attempt.</summary>
internal static partial class MenuParser
{
    private const string ValidKeys = "0123456789*#";

    public static MenuNode? Parse(NodeSource source)
    {
        var fields = source.Fields;
        var context = $"node '{source.Name}'";
        var prompt = PromptParser.Parse(fields, "prompt", required: true);
        var options = ParseOptions(fields, context);
        var timeout = ParseDuration(fields, "timeout", context);
        var maxAttempts = fields.Integer("max-attempts", required: true, minimum: 1);
        var invalidPrompt = PromptParser.Parse(fields, "invalid-prompt", required: false);
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

        if (prompt is null || options is null || timeout is null || maxAttempts is null || exit is null)
        {
            return null;
        }

        return new MenuNode(
            source.Name, prompt, options, timeout.Value, maxAttempts.Value, invalidPrompt, timeoutPrompt, exit.Value.Target, bargeIn)
        {
            Position = source.Position,
            OnMaxAttemptsLink = exit.Value,
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

            options.Add(option);
        }

        return complete ? options : null;
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
        fields.ReportUnknownFields();
        if (key is null || next is null)
        {
            return null;
        }

        if (key.Value!.Length != 1 || !ValidKeys.Contains(key.Value[0], StringComparison.Ordinal))
        {
            errors.At(key.Start, $"{context}: option key '{key.Value}' must be one key of 0-9, * or #");
            return null;
        }

        return new MenuOption(key.Value[0], next.Value.Target) { KeyPosition = key.Start, NextLink = next.Value };
    }

    /// <summary>Durations are written with their unit (<c>5s</c>, <c>1500ms</c>) so no one wonders which unit a bare 5 is.</summary>
    private static TimeSpan? ParseDuration(YamlFields fields, string key, string context)
    {
        var scalar = fields.Scalar(key, required: true);
        if (scalar is null)
        {
            return null;
        }

        var match = DurationPattern().Match(scalar.Value!);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value == "ms" ? TimeSpan.FromMilliseconds(amount) : TimeSpan.FromSeconds(amount);
            if (duration > TimeSpan.Zero && duration <= TimeSpan.FromMinutes(5))
            {
                return duration;
            }
        }

        fields.Errors.At(scalar.Start, $"{context}: '{key}' must be a duration between 1ms and 5 minutes, like 5s or 1500ms");
        return null;
    }

    [GeneratedRegex(@"^(?<amount>\d{1,6}(\.\d{1,3})?)(?<unit>ms|s)$")]
    private static partial Regex DurationPattern();
}
