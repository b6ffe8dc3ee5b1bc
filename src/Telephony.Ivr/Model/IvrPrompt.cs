using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>A recorded message: its id names the WAV file, its text is what the generator speaks into it.</summary>
public sealed record IvrPrompt(string Id, string Text)
{
    internal Mark IdPosition { get; init; }
}
