namespace Telephony.Speech.Tests.Support;

/// <summary>A fact that needs espeak-ng and sox; skipped, with the reason printed, when either is missing.</summary>
public sealed class SpeechToolsFactAttribute : FactAttribute
{
    public SpeechToolsFactAttribute()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var missing = new[] { "espeak-ng", "sox" }.Where(t => !path.Any(d => File.Exists(Path.Combine(d, t)))).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not installed (apt-get install espeak-ng sox): real French speech cannot be made";
        }
    }
}
