namespace Telephony.Ivr;

/// <summary>One problem found in an IVR script, located like a compiler error.</summary>
/// <param name="File">Path of the script file, as it was reached from the scripts directory given to the loader.</param>
/// <param name="Line">1-based line, or 0 when the problem is not tied to a place in a file.</param>
/// <param name="Column">1-based column, or 0 when the problem is not tied to a place in a file.</param>
/// <param name="Message">What is wrong, in words an operator editing the YAML understands.</param>
public sealed record IvrValidationError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0
        ? $"{File}:{Line}:{Column}: {Message}"
        : $"{File}: {Message}";
}
