using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>Collects errors for one file so the loader can report all of them at once.</summary>
internal sealed class ErrorSink
{
    private readonly List<IvrValidationError> _errors;

    public ErrorSink(string file, List<IvrValidationError> errors)
    {
        File = file;
        _errors = errors;
    }

    public string File { get; }

    public int Count => _errors.Count(e => e.File == File);

    public void At(Mark position, string message) =>
        _errors.Add(new IvrValidationError(File, (int)position.Line, (int)position.Column, message));

    public void AtFile(string message) => _errors.Add(new IvrValidationError(File, 0, 0, message));
}
