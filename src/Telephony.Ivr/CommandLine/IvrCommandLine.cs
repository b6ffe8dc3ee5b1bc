using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.Text;

namespace Telephony.Ivr;

/// <summary>
/// The <c>telephony ivr ...</c> commands: <c>check &lt;scripts-dir&gt;</c> validates every script,
/// <c>prompts &lt;scripts-dir&gt;</c> regenerates every prompt WAV from the texts in the scripts (and the shared
/// announcement fragments), <c>simulate &lt;script.yaml&gt; --at ... --keys ...</c> walks a call without a phone.
/// </summary>
public static class IvrCommandLine
{
    public const int Success = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    private const string Usage = """
        usage: telephony ivr check <scripts-dir>     validate every IVR script (errors as file:line:column: message)
               telephony ivr prompts <scripts-dir>   regenerate every prompt WAV with espeak-ng and sox
               telephony ivr simulate <script.yaml> [--at "yyyy-MM-dd HH:mm"] [--keys 1,3] [--say "phrase"] [--force-open]
                                    [--callback-refused] [--queue waiting|answered|max-wait|full]
                                    [--caller 0612345678] [--appointment "yyyy-MM-dd HH:mm"]
                                                    walk a call (Paris time; each --keys entry or --say answers one wait;
                                                    an entry of several keys, like 12, is pressed quickly: menu option 12;
                                                    --callback-refused: the service refuses the caller's number for a callback;
                                                    --caller: the number presented (default: anonymous), read back
                                                    by callback and appointment nodes; --appointment: the caller's
                                                    upcoming appointment, for existing-appointment nodes;
                                                    --queue: what the queue does with the caller, default waiting; after
                                                    answered, the line's survey takes the next --keys entry)
        """;

    private static readonly Dictionary<string, SimulatedQueue> QueueResults = new(StringComparer.Ordinal)
    {
        ["waiting"] = SimulatedQueue.Waiting,
        ["answered"] = SimulatedQueue.Answered,
        ["max-wait"] = SimulatedQueue.MaxWait,
        ["full"] = SimulatedQueue.Full,
    };

    private static readonly LocalDateTimePattern AtPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, new EspeakSoxSynthesizer());

    /// <summary>Same, with another synthesizer (tests use one that needs no external tool).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, IPromptSynthesizer synthesizer)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(synthesizer);
        if (args.Length >= 2 && args[0] == "simulate")
        {
            return Simulate(args[1..], output, error, TimeProvider.System);
        }

        if (args.Length != 2)
        {
            error.WriteLine(Usage);
            return UsageError;
        }

        switch (args[0])
        {
            case "check":
                return Check(args[1], output, error);
            case "prompts":
                return GeneratePrompts(args[1], output, error, synthesizer);
            default:
                error.WriteLine($"unknown ivr command '{args[0]}'");
                error.WriteLine(Usage);
                return UsageError;
        }
    }

    private static int Check(string directory, TextWriter output, TextWriter error)
    {
        if (!TryLoad(directory, IvrLoadOptions.Default, error, out var set))
        {
            return Invalid;
        }

        var nodes = set.Scripts.Sum(s => s.Nodes.Count);
        var prompts = set.Scripts.Sum(s => s.Prompts.Count);
        var lines = string.Join(", ", set.Scripts.Select(s => $"{s.Name} ({string.Join(" ", s.Numbers)})"));
        output.WriteLine(
            $"{directory}: {set.Scripts.Count} IVR script(s) valid, {nodes} nodes, {prompts} prompts, {set.Queues.All.Count} queue(s): {lines}");
        return Success;
    }

    private static int GeneratePrompts(string directory, TextWriter output, TextWriter error, IPromptSynthesizer synthesizer)
    {
        // The WAVs may not exist yet: producing them is the point of this command.
        if (!TryLoad(directory, IvrLoadOptions.Default with { RequirePromptFiles = false }, error, out var set))
        {
            return Invalid;
        }

        var count = 0;
        foreach (var script in set.Scripts)
        {
            foreach (var prompt in script.Prompts)
            {
                var path = script.PromptPath(prompt.Id);
                try
                {
                    synthesizer.Synthesize(prompt.Text, script.Locale, path);
                }
                catch (PromptGenerationException e)
                {
                    error.WriteLine($"{script.Name}/{prompt.Id}: {e.Message}");
                    return Invalid;
                }

                output.WriteLine($"generated {Path.GetRelativePath(set.DirectoryPath, path)}");
                count++;
            }
        }

        foreach (var (id, text) in AnnouncementFragments.All)
        {
            var path = AnnouncementFragments.PathIn(Path.Combine(set.DirectoryPath, "prompts"), id);
            try
            {
                synthesizer.Synthesize(text, "fr-FR", path);
            }
            catch (PromptGenerationException e)
            {
                error.WriteLine($"common/fragments/{id}: {e.Message}");
                return Invalid;
            }

            count++;
        }

        output.WriteLine($"generated {AnnouncementFragments.All.Count} announcement fragment(s) in prompts/common/fragments");
        output.WriteLine($"{count} prompt(s) generated for {set.Scripts.Count} script(s)");
        return Success;
    }

    /// <summary><c>simulate</c>: the whole directory of the script is loaded, so an invalid set is reported as by <c>check</c>.</summary>
    internal static int Simulate(string[] args, TextWriter output, TextWriter error, TimeProvider now)
    {
        var scriptFile = args[0];
        var at = Instant.FromDateTimeOffset(now.GetUtcNow()).InZone(OpeningHours.Paris).LocalDateTime;
        var inputs = new List<IvrSimulator.Input>();
        var forceOpen = false;
        var callbackRefused = false;
        var queue = SimulatedQueue.Waiting;
        string? caller = null;
        AppointmentTime? appointment = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--at" when value is not null && AtPattern.Parse(value) is { Success: true } parsed:
                    at = parsed.Value;
                    i++;
                    break;
                case "--keys" when value is not null && value.Split(',').All(IsKeyEntry):
                    inputs.AddRange(value.Split(',').Select(k => new IvrSimulator.Keys(k.Trim())));
                    i++;
                    break;
                case "--say" when !string.IsNullOrWhiteSpace(value):
                    inputs.Add(new IvrSimulator.Say(value));
                    i++;
                    break;
                case "--force-open":
                    forceOpen = true;
                    break;
                case "--caller" when !string.IsNullOrWhiteSpace(value):
                    caller = value;
                    i++;
                    break;
                case "--appointment" when value is not null && AtPattern.Parse(value) is { Success: true } booked:
                    appointment = new AppointmentTime(booked.Value, booked.Value.PlusMinutes(30));
                    i++;
                    break;
                case "--callback-refused":
                    callbackRefused = true;
                    break;
                case "--queue" when value is not null && QueueResults.TryGetValue(value, out var result):
                    queue = result;
                    i++;
                    break;
                default:
                    error.WriteLine($"simulate: cannot understand '{args[i]}'{(value is null ? string.Empty : $" '{value}'")}");
                    error.WriteLine(Usage);
                    return UsageError;
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(scriptFile))!;
        if (!File.Exists(scriptFile))
        {
            error.WriteLine($"{scriptFile}: no such script file");
            return UsageError;
        }

        if (!TryLoad(directory, IvrLoadOptions.Default, error, out var set))
        {
            return Invalid;
        }

        var script = set.FindByName(Path.GetFileNameWithoutExtension(scriptFile))!;
        new IvrSimulator(script, IvrSessionOptions.Default with { ForceOpen = forceOpen, CallerNumber = caller })
        {
            CallbacksAccepted = !callbackRefused,
            Queue = queue,
            ExistingAppointment = appointment,
        }
            .Run(at, inputs, output);
        return Success;
    }

    private static bool IsKeyEntry(string entry) =>
        entry.Trim().Length > 0 && entry.Trim().All(c => char.IsAsciiDigit(c) || c is '*' or '#');

    private static bool TryLoad(string directory, IvrLoadOptions options, TextWriter error, [NotNullWhen(true)] out IvrScriptSet? set)
    {
        try
        {
            set = IvrScriptSet.LoadDirectory(directory, options);
            return true;
        }
        catch (IvrValidationException e)
        {
            foreach (var problem in e.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{e.Errors.Count} error(s)");
            set = null;
            return false;
        }
    }
}
