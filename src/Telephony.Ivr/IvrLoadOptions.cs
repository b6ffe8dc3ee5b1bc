namespace Telephony.Ivr;

/// <summary>How strictly <see cref="IvrScriptSet.LoadDirectory(string, IvrLoadOptions)"/> checks the scripts.</summary>
public sealed record IvrLoadOptions
{
    public static IvrLoadOptions Default { get; } = new();

    /// <summary>
    /// When true (the default), a prompt whose WAV file is absent is an error. The prompt generator turns it off,
    /// because its job is precisely to create those files.
    /// </summary>
    public bool RequirePromptFiles { get; init; } = true;
}
