using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>
/// Reads <c>queues.yaml</c>: <c>queues:</c>, then one mapping per queue id. Every problem is reported with its
/// line and column, like a script's; the scripts are then checked against what it declares (<see cref="QueueUseChecks"/>).
/// </summary>
internal static partial class QueuesFileParser
{
    /// <summary>The fields of one queue, as the schema must list them.</summary>
    public static readonly IReadOnlyList<string> QueueFields =
        ["name", "network", "max-waiting", "overflow-queue", "max-wait", "when-no-agent", "ring-timeout", "wrap-up", "announce-every", "callback-order", "appointments"];

    public static readonly IReadOnlyDictionary<string, QueueNoAgentRule> NoAgentRules = new Dictionary<string, QueueNoAgentRule>(StringComparer.Ordinal)
    {
        ["wait"] = QueueNoAgentRule.Wait,
        ["overflow"] = QueueNoAgentRule.Overflow,
    };

    public static readonly IReadOnlyDictionary<string, CallbackOrder> CallbackOrders = new Dictionary<string, CallbackOrder>(StringComparer.Ordinal)
    {
        ["agent-first"] = CallbackOrder.AgentFirst,
        ["customer-first"] = CallbackOrder.CustomerFirst,
    };

    /// <summary>A display name longer than this would be cut on an agent's phone.</summary>
    public const int MaxNameLength = 64;

    public static QueuesFile Parse(string scriptsDirectory, List<IvrValidationError> errors)
    {
        var path = Path.Combine(Path.GetFullPath(scriptsDirectory), IvrQueues.FileName);
        var misnamed = Path.ChangeExtension(path, ".yml");
        if (File.Exists(misnamed))
        {
            new ErrorSink(misnamed, errors).AtFile($"the queues file must be named {IvrQueues.FileName}");
        }

        if (!File.Exists(path))
        {
            return new QueuesFile(new IvrQueues(path, exists: false, [], "none"), new HashSet<string>(StringComparer.Ordinal), Readable: true);
        }

        var sink = new ErrorSink(path, errors);
        var root = YamlFileReader.ReadRoot(path, sink, "the queues file must be a mapping with a 'queues' field");
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (root is null)
        {
            return new QueuesFile(new IvrQueues(path, exists: true, [], "invalid"), declared, Readable: false);
        }

        var fields = new YamlFields(root, root.Start, "queues file", sink);
        var mapping = fields.Mapping("queues", required: true);
        fields.ReportUnknownFields();
        var queues = new List<QueueDefinition>();
        foreach (var (key, body) in mapping?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (key is not YamlScalarNode { Value: { } id } || !IsValidId(id))
            {
                sink.At(key.Start, "queue ids must use only a-z, 0-9, '.', '-' and '_', starting with a letter or digit (like cnav.retraite)");
                continue;
            }

            declared.Add(id);
            if (ParseQueue(id, key, body, sink) is { } queue)
            {
                queues.Add(queue);
            }
        }

        CheckOverflows(queues, declared, sink);
        return new QueuesFile(new IvrQueues(path, exists: true, queues, YamlFileReader.VersionOf(path)), declared, Readable: mapping is not null);
    }

    private static QueueDefinition? ParseQueue(string id, YamlNode key, YamlNode body, ErrorSink errors)
    {
        var context = $"queue '{id}'";
        if (body is not YamlMappingNode mapping)
        {
            errors.At(body.Start, $"{context}: a queue must be a mapping with at least 'name' and 'network'");
            return null;
        }

        var errorsBefore = errors.Count;
        var fields = new YamlFields(mapping, key.Start, context, errors);
        var name = fields.Scalar("name", required: true);
        var network = fields.Text("network", required: true);
        var maxWaiting = fields.Has("max-waiting") ? fields.Integer("max-waiting", required: true, minimum: 1) : null;
        var overflow = fields.Scalar("overflow-queue", required: false);
        var maxWait = fields.Duration("max-wait", required: false, maxMinutes: 240);
        var whenNoAgent = fields.Scalar("when-no-agent", required: false);
        var ringTimeout = fields.Duration("ring-timeout", required: false, maxMinutes: 2);
        var wrapUp = fields.Duration("wrap-up", required: false, maxMinutes: 30);
        var announceEvery = fields.Duration("announce-every", required: false, maxMinutes: 30);
        var callbackOrderField = fields.Scalar("callback-order", required: false);
        var appointments = AppointmentsParser.ParseQueue(fields, context);
        fields.ReportUnknownFields();
        var rule = QueueNoAgentRule.Wait;
        if (whenNoAgent is not null && !NoAgentRules.TryGetValue(whenNoAgent.Value!, out rule))
        {
            errors.At(whenNoAgent.Start, $"{context}: 'when-no-agent' must be one of {string.Join(", ", NoAgentRules.Keys)}");
        }

        var callbackOrder = CallbackOrder.AgentFirst;
        if (callbackOrderField is not null && !CallbackOrders.TryGetValue(callbackOrderField.Value!, out callbackOrder))
        {
            errors.At(callbackOrderField.Start, $"{context}: 'callback-order' must be one of {string.Join(", ", CallbackOrders.Keys)}");
        }

        if (name is not null && !IsDisplayable(name.Value!))
        {
            errors.At(name.Start, $"{context}: 'name' must be at most {MaxNameLength} characters, without quotes, backslashes or control characters (it is the caller display name on the agent's phone)");
        }

        if (errors.Count != errorsBefore)
        {
            return null;
        }

        return new QueueDefinition(id, name!.Value!.Trim(), network!)
        {
            MaxWaiting = maxWaiting,
            OverflowQueueId = overflow?.Value,
            MaxWait = maxWait,
            WhenNoAgent = rule,
            RingTimeout = ringTimeout ?? QueueDefinition.DefaultRingTimeout,
            WrapUp = wrapUp ?? QueueDefinition.DefaultWrapUp,
            AnnouncementInterval = announceEvery,
            CallbackOrder = callbackOrder,
            Appointments = appointments,
            Position = key.Start,
            OverflowPosition = overflow?.Start ?? default,
        };
    }

    /// <summary>An overflow names a declared queue of the same network, and following overflows always ends.</summary>
    private static void CheckOverflows(List<QueueDefinition> queues, HashSet<string> declared, ErrorSink errors)
    {
        var byId = queues.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var inReportedCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queue in queues.Where(q => q.OverflowQueueId is not null))
        {
            var context = $"queue '{queue.Id}'";
            var target = queue.OverflowQueueId!;
            if (target == queue.Id)
            {
                errors.At(queue.OverflowPosition, $"{context}: 'overflow-queue' cannot be the queue itself");
                inReportedCycle.Add(queue.Id);
            }
            else if (!declared.Contains(target))
            {
                errors.At(queue.OverflowPosition, $"{context}: overflow-queue '{target}' is not declared in {IvrQueues.FileName}");
            }
            else if (byId.TryGetValue(target, out var next) && next.Network != queue.Network)
            {
                errors.At(
                    queue.OverflowPosition,
                    $"{context}: overflow-queue '{target}' belongs to network {next.Network}, not {queue.Network}: calls overflow within their network");
            }
            else if (!inReportedCycle.Contains(queue.Id) && CycleFrom(queue, byId) is { } cycle)
            {
                errors.At(
                    queue.OverflowPosition,
                    $"{context}: overflowing never ends ({string.Join(" → ", cycle)} → {queue.Id}): one queue of this chain must not overflow");
                inReportedCycle.UnionWith(cycle);
            }
        }
    }

    /// <summary>The queues from <paramref name="start"/> back to it, or null when its overflow chain ends.</summary>
    private static List<string>? CycleFrom(QueueDefinition start, Dictionary<string, QueueDefinition> byId)
    {
        var chain = new List<string> { start.Id };
        var current = start;
        while (current.OverflowQueueId is { } next && byId.TryGetValue(next, out current))
        {
            if (current.Id == start.Id)
            {
                return chain;
            }

            if (chain.Contains(current.Id))
            {
                // A cycle that does not go through start: reported from one of its own queues.
                return null;
            }

            chain.Add(current.Id);
        }

        return null;
    }

    /// <summary>True for a queue id: lower case, so that one queue is never two grains or two metric series.</summary>
    public static bool IsValidId(string id) => QueueId().IsMatch(id);

    /// <summary>A name that can be a SIP display name as is: no quoting or escaping to get wrong on the way to the agent's phone.</summary>
    public static bool IsDisplayable(string name) =>
        name.Trim().Length <= MaxNameLength && !name.Any(c => char.IsControl(c) || c is '"' or '\\');

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex QueueId();
}

/// <summary>
/// What the loader learnt from the queues file: the valid definitions, every id declared (even one whose definition
/// has errors, so its uses are not reported as undeclared on top), and whether the file could be read at all.
/// </summary>
internal sealed record QueuesFile(IvrQueues Queues, IReadOnlySet<string> Declared, bool Readable);
