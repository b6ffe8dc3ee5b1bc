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
        ["collect"] = FlowNodeParsers.ParseCollect,
        ["callback"] = FlowNodeParsers.ParseCallback,
        ["hours"] = FlowNodeParsers.ParseHours,
        ["transfer"] = FlowNodeParsers.ParseTransfer,
        ["appointment"] = AppointmentNodeParsers.ParseAppointment,
        ["existing-appointment"] = AppointmentNodeParsers.ParseExistingAppointment,
    };

    private static readonly Dictionary<string, IvrOutcome> HangupOutcomes = new(StringComparer.Ordinal)
    {
        ["handled-ivr"] = IvrOutcome.HandledIvr,
        ["closed"] = IvrOutcome.Closed,
        ["saturated"] = IvrOutcome.Saturated,
        ["callback-requested"] = IvrOutcome.CallbackRequested,
    };

    /// <summary>Fields that queue nodes had before the queues file, now errors that say where they moved.</summary>
    public static readonly IReadOnlyList<string> MovedQueueFields = ["max-wait", "announce-every"];

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
            errors.At(kind.Start, $"{context}: unknown node kind '{kind.Value}' (supported: {string.Join(", ", SupportedKinds)})");
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

    /// <summary>A <c>next</c>-like field that may be absent.</summary>
    public static NodeLink? OptionalLink(YamlFields fields, string key) => fields.Has(key) ? Link(fields, key) : null;

    private static QueueNode? ParseQueue(NodeSource source)
    {
        var fields = source.Fields;
        var queue = fields.Scalar("queue", required: true);
        var priority = fields.Has("priority") ? fields.Integer("priority", required: false, minimum: 0) : 0;
        var onMaxWait = OptionalLink(fields, "on-max-wait");
        var onFull = OptionalLink(fields, "on-full");
        var announcePosition = fields.Boolean("announce-position") ?? false;
        var announceWait = fields.Boolean("announce-wait") ?? false;
        var moved = ReportMovedQueueFields(source, queue?.Value);
        if (queue is null || priority is null || moved || (fields.Has("on-max-wait") && onMaxWait is null) || (fields.Has("on-full") && onFull is null))
        {
            return null;
        }

        return new QueueNode(source.Name, queue.Value!, priority.Value)
        {
            Position = source.Position,
            QueueIdPosition = queue.Start,
            OnMaxWait = onMaxWait?.Target,
            OnMaxWaitLink = onMaxWait,
            OnFull = onFull?.Target,
            OnFullLink = onFull,
            AnnouncePosition = announcePosition,
            AnnounceWait = announceWait,
        };
    }

    /// <summary>
    /// The numbers of a queue used to be written on each queue node; they are now set once per queue in the queues
    /// file. An old script is told where each number went rather than that the field is unknown.
    /// </summary>
    private static bool ReportMovedQueueFields(NodeSource source, string? queueId)
    {
        var moved = false;
        foreach (var field in MovedQueueFields)
        {
            if (source.Fields.KeyPosition(field) is not { } position)
            {
                continue;
            }

            // Read, so it is not reported a second time as unknown.
            source.Fields.Node(field, required: false);
            source.Fields.Errors.At(
                position,
                $"node '{source.Name}': '{field}' has moved to the queue's definition in {IvrQueues.FileName} "
                + $"(queues: {queueId ?? "<queue id>"}: {field}: ...); the node keeps on-max-wait, on-full and what it announces");
            moved = true;
        }

        return moved;
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
