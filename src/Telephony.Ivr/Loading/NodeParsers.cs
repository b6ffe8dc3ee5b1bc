using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>Turns the YAML mapping of a node into its record, by kind. Each kind reads its own fields.</summary>
internal static class NodeParsers
{
    private static readonly Dictionary<string, Func<NodeSource, IvrNode?>> Parsers = new(StringComparer.Ordinal)
    {
        ["play"] = ParsePlay,
        ["menu"] = MenuParser.Parse,
        ["queue"] = ParseQueue,
        ["hangup"] = ParseHangup,
    };

    /// <summary>Kinds of the full format that this version does not run yet: named so the error says so.</summary>
    private static readonly HashSet<string> PlannedKinds = new(StringComparer.Ordinal)
    {
        "collect", "callback", "hours", "transfer",
    };

    private static readonly Dictionary<string, IvrOutcome> HangupOutcomes = new(StringComparer.Ordinal)
    {
        ["handled-ivr"] = IvrOutcome.HandledIvr,
        ["closed"] = IvrOutcome.Closed,
        ["saturated"] = IvrOutcome.Saturated,
    };

    public static IReadOnlyCollection<string> SupportedKinds => Parsers.Keys;

    public static IvrNode? Parse(string name, Mark namePosition, YamlNode body, ErrorSink errors)
    {
        var context = $"node '{name}'";
        if (body is not YamlMappingNode mapping)
        {
            errors.At(body.Start, $"{context}: a node must be a mapping with at least a 'kind' field");
            return null;
        }

        var fields = new YamlFields(mapping, namePosition, context, errors);
        var kind = fields.Scalar("kind", required: true);
        if (kind is null)
        {
            return null;
        }

        if (!Parsers.TryGetValue(kind.Value!, out var parse))
        {
            var message = PlannedKinds.Contains(kind.Value!)
                ? $"{context}: node kind '{kind.Value}' is not supported yet"
                : $"{context}: unknown node kind '{kind.Value}'";
            errors.At(kind.Start, $"{message} (supported: {string.Join(", ", SupportedKinds)})");
            return null;
        }

        var node = parse(new NodeSource(name, namePosition, fields));
        fields.ReportUnknownFields();
        return node;
    }

    /// <summary>A <c>next</c>-like field naming another node.</summary>
    public static NodeLink? Link(YamlFields fields, string key)
    {
        var scalar = fields.Scalar(key, required: true);
        return scalar is null ? null : new NodeLink(scalar.Value!, scalar.Start);
    }

    private static PlayNode? ParsePlay(NodeSource source)
    {
        var prompt = PromptParser.Parse(source.Fields, "prompt", required: true);
        var next = Link(source.Fields, "next");
        var bargeIn = source.Fields.Boolean("barge-in") ?? false;
        if (prompt is null || next is null)
        {
            return null;
        }

        return new PlayNode(source.Name, prompt, next.Value.Target, bargeIn)
        {
            Position = source.Position,
            NextLink = next.Value,
        };
    }

    private static QueueNode? ParseQueue(NodeSource source)
    {
        var queue = source.Fields.Text("queue", required: true);
        var priority = source.Fields.Has("priority") ? source.Fields.Integer("priority", required: false, minimum: 0) : 0;
        if (queue is null || priority is null)
        {
            return null;
        }

        return new QueueNode(source.Name, queue, priority.Value) { Position = source.Position };
    }

    private static HangupNode? ParseHangup(NodeSource source)
    {
        var outcomeText = source.Fields.Scalar("outcome", required: false);
        var outcome = IvrOutcome.HandledIvr;
        if (outcomeText is not null && !HangupOutcomes.TryGetValue(outcomeText.Value!, out outcome))
        {
            source.Fields.Errors.At(
                outcomeText.Start,
                $"node '{source.Name}': outcome must be one of {string.Join(", ", HangupOutcomes.Keys)}");
            return null;
        }

        return new HangupNode(source.Name, outcome) { Position = source.Position };
    }
}

/// <summary>What a kind's parser gets: the node's name, where it is written, and its fields.</summary>
internal sealed record NodeSource(string Name, Mark Position, YamlFields Fields);
