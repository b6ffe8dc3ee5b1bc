namespace Telephony.Ivr;

/// <summary>Checks that need the whole script: links between nodes, reachability, prompt ids and their WAV files.</summary>
internal static class ScriptGraphChecks
{
    public static void CheckLinks(IEnumerable<IvrNode> nodes, IReadOnlySet<string> allNames, ErrorSink errors)
    {
        foreach (var node in nodes)
        {
            foreach (var link in node.Links.Where(l => !allNames.Contains(l.Target)))
            {
                errors.At(link.Position, $"node '{node.Name}' leads to unknown node '{link.Target}'");
            }
        }
    }

    /// <summary>A node no call can reach is almost always a typo in a link, so it is an error rather than dead weight.</summary>
    public static void CheckReachable(IReadOnlyList<IvrNode> nodes, string start, ErrorSink errors)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var toVisit = new Stack<string>([start]);
        while (toVisit.TryPop(out var name))
        {
            foreach (var target in byName[name].NextNodes.Where(reached.Add))
            {
                toVisit.Push(target);
            }
        }

        foreach (var node in nodes.Where(n => !reached.Contains(n.Name)))
        {
            errors.At(node.Position, $"node '{node.Name}' cannot be reached from start node '{start}'");
        }
    }

    /// <summary>
    /// Hours nodes move on without waiting for the caller: a cycle made only of them (hours -> hours) would spin
    /// forever, so it is refused where the cycle closes.
    /// </summary>
    public static void CheckNoInstantCycle(IReadOnlyList<IvrNode> nodes, ErrorSink errors)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var hours in nodes.OfType<HoursNode>())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var toVisit = new Stack<string>(hours.NextNodes);
            while (toVisit.TryPop(out var name))
            {
                if (name == hours.Name)
                {
                    errors.At(hours.Position, $"node '{hours.Name}' leads back to itself through hours nodes only: calls would loop forever");
                    break;
                }

                if (seen.Add(name) && byName.TryGetValue(name, out var next) && next is HoursNode)
                {
                    foreach (var target in next.NextNodes)
                    {
                        toVisit.Push(target);
                    }
                }
            }
        }
    }

    public static void CheckPrompts(IEnumerable<IvrPrompt> prompts, string promptDirectory, IvrLoadOptions options, ErrorSink errors)
    {
        var seen = new Dictionary<string, IvrPrompt>(StringComparer.Ordinal);
        foreach (var prompt in prompts)
        {
            if (seen.TryGetValue(prompt.Id, out var first))
            {
                if (first.Text != prompt.Text)
                {
                    errors.At(
                        prompt.IdPosition,
                        $"prompt '{prompt.Id}' has a different text than at line {first.IdPosition.Line}; one id, one recording");
                }

                continue;
            }

            seen.Add(prompt.Id, prompt);
            var wav = Path.Combine(promptDirectory, prompt.Id + ".wav");
            if (options.RequirePromptFiles && !File.Exists(wav))
            {
                errors.At(
                    prompt.IdPosition,
                    $"prompt '{prompt.Id}' has no WAV file {RelativeToScripts(promptDirectory, wav)} (generate it with scripts/generate-prompts.sh)");
            }
        }
    }

    /// <summary>Shows the path the way the operator sees it from the scripts directory (prompts/cnav/welcome.wav).</summary>
    private static string RelativeToScripts(string promptDirectory, string wav) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(promptDirectory)!)!, wav);
}
