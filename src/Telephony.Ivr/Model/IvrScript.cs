using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>The IVR of one line (one YAML file): which numbers reach it and the graph of nodes a call walks through.</summary>
public sealed class IvrScript
{
    internal IvrScript(
        string name,
        string network,
        IReadOnlyList<DialedLineNumber> numbers,
        string locale,
        string startNode,
        string sourcePath,
        string promptDirectory,
        IReadOnlyDictionary<string, IvrNode> nodes,
        OpeningHours? openingHours,
        string version,
        IvrSurvey? survey,
        IvrQueues queues,
        LineAppointments? appointments)
    {
        Appointments = appointments;
        OpeningHours = openingHours;
        Survey = survey;
        Queues = queues;
        Version = version;
        Name = name;
        Network = network;
        LineNumbers = numbers;
        Numbers = numbers.Select(n => n.AsWritten).ToList();
        Locale = locale;
        StartNode = startNode;
        SourcePath = sourcePath;
        PromptDirectory = promptDirectory;
        Nodes = nodes;
    }

    /// <summary>The file name without extension; also the folder of its prompts (<c>prompts/&lt;name&gt;/</c>).</summary>
    public string Name { get; }

    /// <summary>The public-service network the line belongs to (a metric label, e.g. <c>CNAV</c>).</summary>
    public string Network { get; }

    /// <summary>The numbers as written in the script.</summary>
    public IReadOnlyList<string> Numbers { get; }

    /// <summary>
    /// The line's label in metrics, call records and reports: its main number as the public dials it (the first
    /// number of the script, e.g. <c>3960</c>). Stable across reloads as long as the script's first number is.
    /// </summary>
    public string LineLabel => Numbers[0];

    /// <summary>BCP 47 locale of the prompts, e.g. <c>fr-FR</c>.</summary>
    public string Locale { get; }

    public string StartNode { get; }

    /// <summary>Absolute path of the YAML file.</summary>
    public string SourcePath { get; }

    /// <summary>Absolute path of the folder holding this script's WAV prompts.</summary>
    public string PromptDirectory { get; }

    /// <summary>When the line answers; null when the script has no <c>opening-hours</c> (then it has no <c>hours</c> node).</summary>
    public OpeningHours? OpeningHours { get; }

    /// <summary>
    /// Content hash of the YAML file (first 16 hex digits of its SHA-256): tells which version a call runs and what
    /// /health reports after a reload. Two loads of the same bytes give the same version.
    /// </summary>
    public string Version { get; }

    /// <summary>The line's satisfaction survey, run after the agent hangs up (<see cref="SurveySession"/>); null: none.</summary>
    public IvrSurvey? Survey { get; }

    /// <summary>
    /// The queues file loaded with this script: the definition of every queue its nodes use
    /// (<c>script.Queues.Get(join.QueueId)</c>). A call keeps this script, and so these definitions, across reloads.
    /// </summary>
    public IvrQueues Queues { get; }

    /// <summary>The phone appointments the line takes (booking page, API, IVR); null: none.</summary>
    public LineAppointments? Appointments { get; }

    /// <summary>Every node by name.</summary>
    public IReadOnlyDictionary<string, IvrNode> Nodes { get; }

    /// <summary>Every distinct prompt of the script, its survey's included (a prompt reused by several nodes appears once).</summary>
    public IReadOnlyList<IvrPrompt> Prompts =>
        Nodes.Values.SelectMany(n => n.Prompts).Concat(Survey?.Prompts ?? []).DistinctBy(p => p.Id).ToList();

    internal IReadOnlyList<DialedLineNumber> LineNumbers { get; }

    /// <summary>Absolute path of the WAV file of a prompt (whether or not it exists yet).</summary>
    public string PromptPath(string promptId) => Path.Combine(PromptDirectory, promptId + ".wav");

    /// <summary>Absolute path of a shared announcement fragment (<c>prompts/common/fragments/&lt;id&gt;.wav</c>).</summary>
    public string FragmentPath(string fragmentId) => AnnouncementFragments.PathIn(Path.GetDirectoryName(PromptDirectory)!, fragmentId);

    public IvrNode GetNode(string name) => Nodes.TryGetValue(name, out var node)
        ? node
        : throw new KeyNotFoundException($"IVR script '{Name}' has no node '{name}'.");

    public override string ToString() => $"{Name} ({Network})";
}

/// <summary>A number of a line as written, its normalised form (for matching) and where it is written (for errors).</summary>
internal sealed record DialedLineNumber(string AsWritten, string Normalised, Mark Position);
