namespace Telephony.Sip.Tests.Support;

/// <summary>Locates the RFC 4475 torture messages in the shared folder next to the repository.</summary>
internal static class TortureMessages
{
    public static string? Directory { get; } = Find();

    public const string MissingReason = "RFC 4475 torture messages not found (expected ../shared/sip-torture or SIP_TORTURE_DIR)";

    /// <summary>The corpus folder; a test that needs it fails, rather than passes having sent nothing, when it is missing.</summary>
    public static string RequiredDirectory => Directory ?? throw new InvalidOperationException(MissingReason);

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(RequiredDirectory, relativePath));

    public static IEnumerable<string> Names(string folder) =>
        System.IO.Directory.GetFiles(Path.Combine(RequiredDirectory, folder), "*.dat").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n).Select(n => n!);

    private static string? Find()
    {
        var environment = Environment.GetEnvironmentVariable("SIP_TORTURE_DIR");
        if (environment is not null && System.IO.Directory.Exists(environment))
        {
            return environment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "sip-torture"), Path.Combine(dir.FullName, "..", "shared", "sip-torture") })
            {
                if (File.Exists(Path.Combine(candidate, "INDEX.tsv")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }
}

/// <summary>A theory data row per torture file; the test skips with a reason when the folder is absent.</summary>
public sealed class TortureFactAttribute : FactAttribute
{
    public TortureFactAttribute()
    {
        if (TortureMessages.Directory is null)
        {
            Skip = TortureMessages.MissingReason;
        }
    }
}
