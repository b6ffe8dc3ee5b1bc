namespace Telephony.Fuzz.Tests;

/// <summary>
/// A test that needs AFL++ (`afl-fuzz`, Debian's afl++) and SharpFuzz's instrumenter (the local dotnet tool of
/// .config/dotnet-tools.json, restored by scripts/test.sh): skipped with that reason when either is missing.
/// </summary>
public sealed class AflFactAttribute : FactAttribute
{
    public AflFactAttribute()
    {
        if (AflRun.AflFuzz is null)
        {
            Skip = "afl-fuzz not installed (apt-get install afl++): the coverage-guided run cannot start";
        }
        else if (!AflRun.SharpFuzzRestored)
        {
            Skip = "SharpFuzz's instrumenter is not restored (dotnet tool restore at the checkout's root)";
        }
    }
}
