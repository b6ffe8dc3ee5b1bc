namespace Telephony.Ivr;

/// <summary>Thrown when IVR scripts cannot be loaded; lists every problem found, not only the first.</summary>
public sealed class IvrValidationException : Exception
{
    public IvrValidationException(IReadOnlyList<IvrValidationError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<IvrValidationError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<IvrValidationError> errors)
    {
        var lines = errors.Select(e => e.ToString());
        return $"{errors.Count} problem(s) in IVR scripts:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
