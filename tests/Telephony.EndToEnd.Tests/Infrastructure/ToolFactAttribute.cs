namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>A test that runs one Debian tool; skipped, with the package to install, when the tool is missing.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string executable, string package)
    {
        Skip = File.Exists(executable) ? null : $"{executable} is not installed (scripts/test.sh installs Debian's {package})";
    }
}
