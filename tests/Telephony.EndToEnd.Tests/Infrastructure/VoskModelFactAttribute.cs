namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An end-to-end test that needs a real Vosk model (VOSK_MODEL_PATH) and libvosk (native/linux-x64/libvosk.so in the
/// repository, from scripts/fetch-vosk.sh): skipped, with the reason printed, when either is missing.
/// </summary>
public sealed class VoskModelFactAttribute : FactAttribute
{
    public const string ModelVariable = "VOSK_MODEL_PATH";

    public VoskModelFactAttribute()
    {
        Skip = new EndToEndFactAttribute().Skip
            ?? (ModelPath is null
                ? $"no Vosk model: set {ModelVariable} to a model folder (scripts/fetch-vosk-model.sh fetches vosk-model-small-fr-0.22)"
                : !File.Exists(LibraryPath)
                    ? $"libvosk not installed: {LibraryPath} not found (run scripts/fetch-vosk.sh)"
                    : null);
    }

    public static string? ModelPath => Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 } path && Directory.Exists(path)
        ? Path.GetFullPath(path)
        : null;

    public static string LibraryPath => Path.Combine(RepositoryPaths.Root, "native", "linux-x64", "libvosk.so");
}
