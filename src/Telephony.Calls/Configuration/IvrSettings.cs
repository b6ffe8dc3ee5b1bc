
namespace Telephony.Calls.Configuration;

/// <summary>The <c>Ivr</c> configuration section.</summary>
public sealed class IvrSettings
{
    public const string SectionName = "Ivr";

    /// <summary>Folder holding one YAML script per line; relative paths are resolved against the working directory.</summary>
    public string ScriptsPath { get; set; } = "ivr-scripts";

    /// <summary>Treats every line as open whatever its hours (test benches, demonstrations). Operator closures still apply.</summary>
    public bool ForceOpen { get; set; }
}
