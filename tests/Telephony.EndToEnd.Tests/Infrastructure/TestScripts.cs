namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>A scripts folder of a test's own, so it can edit scripts while the server runs.</summary>
public sealed class TestScripts : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("telephony-scripts-").FullName;

    /// <summary>Line 3999 (network TEST): one information message, then the service hangs up.</summary>
    public const string InformationLine = """
        network: TEST
        numbers: ["3999"]
        locale: fr-FR
        start: info
        nodes:
          info:
            kind: play
            prompt: { id: welcome, text: "Bienvenue à l'Assurance retraite." }
            next: end
          end:
            kind: hangup
        """;

    public void Write(string name, string yaml, params string[] promptIds)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name + ".yaml"), yaml);
        var prompts = Directory.CreateDirectory(System.IO.Path.Combine(Path, "prompts", name)).FullName;
        foreach (var id in promptIds)
        {
            File.Copy(System.IO.Path.Combine(RepositoryPaths.IvrScripts, "prompts", "cnav", "welcome.wav"), System.IO.Path.Combine(prompts, id + ".wav"), overwrite: true);
        }
    }

    /// <summary>Writes the set's queues file (<c>queues.yaml</c>): every queue a test script uses is declared there.</summary>
    public void WriteQueues(string yaml) => File.WriteAllText(System.IO.Path.Combine(Path, "queues.yaml"), yaml);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
