namespace Telephony.Fuzz;

/// <summary>Runs saved inputs once each and names every one that throws, with the exception.</summary>
public static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
            .Where(IsInput)
            .Order(StringComparer.Ordinal)
            .ToList();
        var failures = 0;
        foreach (var file in files)
        {
            if (Failure(target, File.ReadAllBytes(file)) is { } failure)
            {
                failures++;
                Console.Error.WriteLine($"{file}: {failure}");
            }
        }

        Console.WriteLine($"{files.Count} inputs replayed, {failures} threw");
        return failures == 0 ? 0 : 1;
    }

    /// <returns>The exception an input raises, or null.</returns>
    public static Exception? Failure(FuzzTarget target, byte[] input)
    {
        try
        {
            target(input);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Notes and AFL's bookkeeping beside the inputs are not inputs.</summary>
    public static bool IsInput(string path)
    {
        var name = Path.GetFileName(path);
        return !name.EndsWith(".md", StringComparison.Ordinal) && !name.EndsWith(".tsv", StringComparison.Ordinal)
            && !name.StartsWith("README", StringComparison.Ordinal) && name != ".state" && !path.Contains("/.state/", StringComparison.Ordinal);
    }
}
