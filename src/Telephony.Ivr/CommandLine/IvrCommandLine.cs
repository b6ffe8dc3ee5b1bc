using System.Diagnostics.CodeAnalysis;

namespace Telephony.Ivr;

/// <summary>
/// The <c>telephony ivr ...</c> commands: <c>check &lt;scripts-dir&gt;</c> validates every script,
/// <c>prompts &lt;scripts-dir&gt;</c> regenerates every prompt WAV from the texts in the scripts.
/// </summary>
public static class IvrCommandLine
{
    public const int Success = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    private const string Usage = """
        usage: telephony ivr check <scripts-dir>     validate every IVR script (errors as file:line:column: message)
               telephony ivr prompts <scripts-dir>   regenerate every prompt WAV with espeak-ng and sox
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, new EspeakSoxSynthesizer());

    /// <summary>Same, with another synthesizer (tests use one that needs no external tool).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, IPromptSynthesizer synthesizer)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(synthesizer);
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
        output.WriteLine($"{directory}: {set.Scripts.Count} IVR script(s) valid, {nodes} nodes, {prompts} prompts: {lines}");
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

        output.WriteLine($"{count} prompt(s) generated for {set.Scripts.Count} script(s)");
        return Success;
    }

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
