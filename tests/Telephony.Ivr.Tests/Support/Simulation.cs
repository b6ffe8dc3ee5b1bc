namespace Telephony.Ivr.Tests;

/// <summary>Runs <c>telephony ivr simulate</c> on a shipped script, as an author would, and returns what it printed.</summary>
internal static class Simulation
{
    /// <summary>A Tuesday morning: every shipped line is open.</summary>
    public const string OpenHours = "2026-12-22 10:00";

    public static string OfShipped(string script, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = IvrCommandLine.Run(["simulate", Path.Combine(RepoPaths.IvrScripts, script + ".yaml"), "--at", OpenHours, .. args], output, error);
        Assert.True(code == IvrCommandLine.Success, error.ToString());
        return output.ToString();
    }
}
