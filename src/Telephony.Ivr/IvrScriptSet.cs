namespace Telephony.Ivr;

/// <summary>
/// Every IVR script of a directory (one <c>*.yaml</c> file per line) and the queues file they share
/// (<see cref="IvrQueues.FileName"/>), checked together.
/// </summary>
public sealed class IvrScriptSet
{
    /// <summary>The queues file's name without extension: not a script, whatever its extension.</summary>
    private const string QueuesFileStem = "queues";

    private readonly Dictionary<string, IvrScript> _byNumber;

    private IvrScriptSet(string directoryPath, IReadOnlyList<IvrScript> scripts, IvrQueues queues)
    {
        DirectoryPath = directoryPath;
        Scripts = scripts;
        Queues = queues;
        Version = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\n", scripts.Select(s => $"{s.Name}:{s.Version}").Append($"queues:{queues.Version}")))))[..16];
        _byNumber = scripts
            .SelectMany(s => s.LineNumbers.Select(n => (n.Normalised, Script: s)))
            .ToDictionary(p => p.Normalised, p => p.Script, StringComparer.Ordinal);
    }

    /// <summary>Absolute path of the scripts directory.</summary>
    public string DirectoryPath { get; }

    /// <summary>
    /// Hash of every script's name and <see cref="IvrScript.Version"/> and of the queues file's version: changes when
    /// any of them changes (for /health).
    /// </summary>
    public string Version { get; }

    /// <summary>The scripts, ordered by file name.</summary>
    public IReadOnlyList<IvrScript> Scripts { get; }

    /// <summary>The queues file: every queue the scripts use, with its limits and timings (the same object as each script's <see cref="IvrScript.Queues"/>).</summary>
    public IvrQueues Queues { get; }

    /// <summary>
    /// Loads and validates every <c>*.yaml</c>/<c>*.yml</c> file directly in <paramref name="scriptsPath"/>: the queues
    /// file (<see cref="IvrQueues.FileName"/>) and the scripts, each checked against the queues it uses.
    /// </summary>
    /// <exception cref="IvrValidationException">Listing every problem found in every file.</exception>
    public static IvrScriptSet LoadDirectory(string scriptsPath) => LoadDirectory(scriptsPath, IvrLoadOptions.Default);

    /// <inheritdoc cref="LoadDirectory(string)"/>
    public static IvrScriptSet LoadDirectory(string scriptsPath, IvrLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(scriptsPath);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<IvrValidationError>();
        if (!Directory.Exists(scriptsPath))
        {
            throw new IvrValidationException([new IvrValidationError(scriptsPath, 0, 0, "the IVR scripts directory does not exist")]);
        }

        var files = Directory.EnumerateFiles(scriptsPath, "*.yaml")
            .Concat(Directory.EnumerateFiles(scriptsPath, "*.yml"))
            .Where(f => Path.GetFileNameWithoutExtension(f) != QueuesFileStem)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            errors.Add(new IvrValidationError(scriptsPath, 0, 0, "no IVR script (*.yaml) in this directory"));
        }

        var queues = QueuesFileParser.Parse(scriptsPath, errors);
        var scripts = new List<(string File, IvrScript Script)>();
        foreach (var file in files)
        {
            if (ScriptParser.Parse(file, scriptsPath, queues, new ErrorSink(file, errors), options) is { } script)
            {
                scripts.Add((file, script));
            }
        }

        CheckNumbersAreUnique(scripts, errors);
        CheckTransfersReachALine(scripts, errors);
        if (options.RequirePromptFiles && scripts.Any(s => s.Script.Nodes.Values.Any(SpeaksFragments)))
        {
            CheckFragments(scriptsPath, errors);
        }
        if (errors.Count > 0)
        {
            var ordered = errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();
            throw new IvrValidationException(ordered);
        }

        return new IvrScriptSet(Path.GetFullPath(scriptsPath), scripts.Select(s => s.Script).ToList(), queues.Queues);
    }

    /// <summary>The script of the line reached by a called number, in any form a trunk may send (see <see cref="DialedNumbers.Normalize"/>).</summary>
    public IvrScript? FindByDialedNumber(string dialed)
    {
        var normalised = DialedNumbers.Normalize(dialed);
        return normalised is not null && _byNumber.TryGetValue(normalised, out var script) ? script : null;
    }

    public IvrScript? FindByName(string name) => Scripts.FirstOrDefault(s => s.Name == name);

    /// <summary>A transfer to a number no script answers would ring nowhere: reported at the number.</summary>
    private static void CheckTransfersReachALine(List<(string File, IvrScript Script)> scripts, List<IvrValidationError> errors)
    {
        var known = scripts.SelectMany(s => s.Script.LineNumbers.Select(n => n.Normalised)).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, script) in scripts)
        {
            foreach (var transfer in script.Nodes.Values.OfType<TransferNode>().Where(t => !known.Contains(t.Number)))
            {
                new ErrorSink(file, errors).At(
                    transfer.NumberPosition, $"node '{transfer.Name}': no script answers number {transfer.Number}");
            }
        }
    }

    /// <summary>Nodes whose words are assembled from the shared fragments: announcing queues, number confirmation, appointments.</summary>
    private static bool SpeaksFragments(IvrNode node) => node switch
    {
        QueueNode queue => queue.AnnouncePosition || queue.AnnounceWait,
        CallbackNode callback => callback.ConfirmNumber,
        AppointmentNode or ExistingAppointmentNode => true,
        _ => false,
    };

    /// <summary>Announcements are assembled from shared fragments; a missing one would be a silent gap in a sentence.</summary>
    private static void CheckFragments(string scriptsPath, List<IvrValidationError> errors)
    {
        var root = Path.Combine(Path.GetFullPath(scriptsPath), "prompts");
        var missing = AnnouncementFragments.All.Keys.Where(id => !File.Exists(AnnouncementFragments.PathIn(root, id))).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new IvrValidationError(
                Path.Combine(root, "common", "fragments"), 0, 0,
                $"{missing.Count} announcement fragment WAV(s) missing, e.g. {missing[0]}.wav (generate them with scripts/generate-prompts.sh)"));
        }
    }

    private static void CheckNumbersAreUnique(List<(string File, IvrScript Script)> scripts, List<IvrValidationError> errors)
    {
        var owners = new Dictionary<string, IvrScript>(StringComparer.Ordinal);
        foreach (var (file, script) in scripts)
        {
            var sink = new ErrorSink(file, errors);
            foreach (var number in script.LineNumbers)
            {
                if (!owners.TryAdd(number.Normalised, script))
                {
                    sink.At(number.Position, $"number {number.Normalised} is already the number of script '{owners[number.Normalised].Name}'");
                }
            }
        }
    }
}
