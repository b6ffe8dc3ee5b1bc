using Telephony.Ivr;

namespace Telephony.Fuzz;

/// <summary>
/// The IVR script loader given a script file (first byte even) or a queues file (odd) it has never seen, beside the
/// shipped counterpart: it loads or lists what is wrong (<see cref="IvrValidationException"/>); anything else
/// escaping, a hang or a crash is a bug (an operator's typo must never stop the server).
/// </summary>
public static class IvrFuzzTarget
{
    private const string ShippedQueues = """
        queues:
          fuzz.general:
            name: "Accueil"
            network: CNAV
        """;

    private const string ShippedScript = """
        network: CNAV
        numbers: ["3960"]
        locale: fr-FR
        start: accueil
        nodes:
          accueil:
            kind: play
            prompt: { id: accueil, text: "Bonjour." }
            next: file
          file:
            kind: queue
            queue: fuzz.general
        """;

    private static readonly string Directory = CreateDirectory();

    public static void Run(ReadOnlySpan<byte> data)
    {
        var asQueues = data.Length > 0 && (data[0] & 1) == 1;
        var body = data.Length > 0 ? data[1..] : data;
        File.WriteAllBytes(Path.Combine(Directory, "queues.yaml"), asQueues ? body.ToArray() : System.Text.Encoding.UTF8.GetBytes(ShippedQueues));
        File.WriteAllBytes(Path.Combine(Directory, "fuzz.yaml"), asQueues ? System.Text.Encoding.UTF8.GetBytes(ShippedScript) : body.ToArray());
        try
        {
            _ = IvrScriptSet.LoadDirectory(Directory, new IvrLoadOptions { RequirePromptFiles = false });
        }
        catch (IvrValidationException e) when (e.Errors.Count > 0)
        {
            // Listed problems: the answer an operator gets.
        }
    }

    private static string CreateDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"telephony-fuzz-ivr-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
