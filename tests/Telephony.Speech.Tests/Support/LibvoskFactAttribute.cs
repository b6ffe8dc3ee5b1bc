using Telephony.Speech.Native;

namespace Telephony.Speech.Tests.Support;

/// <summary>A fact that needs the real libvosk.so; skipped, with the reason printed, when scripts/fetch-vosk.sh has not been run.</summary>
public sealed class LibvoskFactAttribute : FactAttribute
{
    public LibvoskFactAttribute()
    {
        if (VoskLibrary.FindLibrary(null) is null)
        {
            Skip = $"libvosk not installed: {VoskLibrary.DefaultRelativePath} not found above the test directory (run scripts/fetch-vosk.sh).";
        }
    }
}
