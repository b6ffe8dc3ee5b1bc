using Telephony.Calls;
using Telephony.Ivr;

namespace Telephony.Server.Tests.Admin;

/// <summary>The repository's own IVR scripts (ivr-scripts/), as the server loads them.</summary>
internal sealed class RepositoryScripts : ILineScripts
{
    public IvrScriptSet Current { get; } = IvrScriptSet.LoadDirectory(Path.Combine(RepositoryRoot(), "ivr-scripts"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Telephony.sln not found above the test binaries.");
    }
}
