using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>Reads one script file into an <see cref="IvrScript"/>, reporting every problem to the file's <see cref="ErrorSink"/>.</summary>
internal static partial class ScriptParser
{
    /// <returns>The script, or null when the file has errors.</returns>
    public static IvrScript? Parse(string filePath, string scriptsDirectory, QueuesFile queues, ErrorSink errors, IvrLoadOptions options)
    {
        var errorsBefore = errors.Count;
        var root = YamlFileReader.ReadRoot(filePath, errors, "a script must be a mapping with network, numbers, locale, start and nodes");
        if (root is null)
        {
            return null;
        }

        var name = Path.GetFileNameWithoutExtension(filePath);
        if (!ScriptName().IsMatch(name))
        {
            errors.AtFile($"script file name '{name}' must use only a-z, 0-9, '-' and '_' (it names the prompt folder)");
        }

        var fields = new YamlFields(root, root.Start, "script", errors);
        var network = fields.Text("network", required: true);
        var numbers = ParseNumbers(fields, errors);
        var locale = ParseLocale(fields, errors);
        var start = fields.Scalar("start", required: true);
        var openingHours = OpeningHoursParser.Parse(fields);
        var hasOpeningHours = fields.Has("opening-hours");
        var nodes = ParseNodes(fields, errors, out var allNames);
        var survey = SurveyParser.Parse(fields);
        var appointments = AppointmentsParser.ParseLine(fields, network, hasOpeningHours, queues);
        fields.ReportUnknownFields();
        AppointmentNodeParsers.CheckReasons(nodes, appointments, fields.Has("appointments"), errors);
        foreach (var hours in nodes.OfType<HoursNode>().Where(_ => !hasOpeningHours))
        {
            errors.At(hours.Position, $"node '{hours.Name}': an hours node needs the script's 'opening-hours'");
        }

        if (start is not null && allNames.Count > 0 && !allNames.Contains(start.Value!))
        {
            errors.At(start.Start, $"start node '{start.Value}' is not defined in 'nodes'");
        }

        var promptDirectory = Path.Combine(Path.GetFullPath(scriptsDirectory), "prompts", name);
        ScriptGraphChecks.CheckLinks(nodes, allNames, errors);
        ScriptGraphChecks.CheckPrompts(nodes.SelectMany(n => n.Prompts).Concat(survey?.Prompts ?? []), promptDirectory, options, errors);
        if (network is not null)
        {
            QueueUseChecks.Check(nodes, network, queues, errors);
        }

        var everyNodeParsed = nodes.Count == allNames.Count;
        if (start is not null && everyNodeParsed && errors.Count == errorsBefore)
        {
            ScriptGraphChecks.CheckReachable(nodes, start.Value!, errors);
            ScriptGraphChecks.CheckNoInstantCycle(nodes, errors);
        }

        if (errors.Count != errorsBefore)
        {
            return null;
        }

        return new IvrScript(
            name, network!, numbers!, locale!, start!.Value!, Path.GetFullPath(filePath), promptDirectory,
            nodes.ToDictionary(n => n.Name, StringComparer.Ordinal), openingHours, YamlFileReader.VersionOf(filePath),
            survey, queues.Queues, appointments);
    }

    private static List<DialedLineNumber>? ParseNumbers(YamlFields fields, ErrorSink errors)
    {
        var sequence = fields.Sequence("numbers", required: true);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            errors.At(sequence.Start, "a script needs at least one number in 'numbers'");
            return null;
        }

        var numbers = new List<DialedLineNumber>();
        foreach (var item in sequence.Children)
        {
            var normalised = item is YamlScalarNode scalar ? DialedNumbers.Normalize(scalar.Value) : null;
            if (normalised is null)
            {
                errors.At(item.Start, "each entry of 'numbers' must be a phone number, like \"3960\" or \"0809401401\"");
            }
            else if (numbers.FirstOrDefault(n => n.Normalised == normalised) is { } first)
            {
                errors.At(item.Start, $"number {normalised} is listed twice (first at line {first.Position.Line})");
            }
            else
            {
                numbers.Add(new DialedLineNumber(((YamlScalarNode)item).Value!, normalised, item.Start));
            }
        }

        return numbers;
    }

    private static string? ParseLocale(YamlFields fields, ErrorSink errors)
    {
        var locale = fields.Scalar("locale", required: true);
        if (locale is not null && !Locale().IsMatch(locale.Value!))
        {
            errors.At(locale.Start, $"locale '{locale.Value}' must be a language-region tag like fr-FR");
            return null;
        }

        return locale?.Value;
    }

    private static List<IvrNode> ParseNodes(YamlFields fields, ErrorSink errors, out HashSet<string> allNames)
    {
        allNames = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new List<IvrNode>();
        var mapping = fields.Mapping("nodes", required: true);
        if (mapping is null)
        {
            return nodes;
        }

        if (mapping.Children.Count == 0)
        {
            errors.At(mapping.Start, "'nodes' is empty: a script needs at least one node");
        }

        foreach (var (key, body) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !NodeName().IsMatch(name))
            {
                errors.At(key.Start, "node names must start with a letter or digit and use only letters, digits, '-', '_' and '.'");
                continue;
            }

            allNames.Add(name);
            if (NodeParsers.Parse(name, key.Start, body, errors) is { } node)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex ScriptName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NodeName();

    [GeneratedRegex("^[a-z]{2,3}-[A-Z]{2}$")]
    private static partial Regex Locale();
}
