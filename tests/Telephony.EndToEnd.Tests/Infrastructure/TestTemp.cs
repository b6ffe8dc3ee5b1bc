namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Scratch directories for files that outlive the method creating them (sipp scenarios, sox audio, sipp's own work
/// files). They live under one folder per test process, removed when the process exits, so a CI machine that runs
/// the suite again and again does not fill /tmp.
/// </summary>
public static class TestTemp
{
    private static readonly Lazy<string> Root = new(CreateRoot);

    /// <summary>A new empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public static string NewDirectory(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, $"{prefix}-{Guid.NewGuid():N}")).FullName;

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory($"telephony-e2e-tests-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A process still holding a file (a killed sipp) must not turn a passing run into a crash at exit.
            }
        };
        return root;
    }
}
