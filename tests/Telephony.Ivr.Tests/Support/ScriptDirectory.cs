namespace Telephony.Ivr.Tests;

/// <summary>A temporary scripts directory for one test, deleted afterwards.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    /// <summary>A small valid script; tests derive broken ones from it, so line numbers below are known.</summary>
    public const string ValidScript = """
        network: TEST
        numbers: ["3999"]
        locale: fr-FR
        start: welcome
        nodes:
          welcome:
            kind: play
            prompt: { id: welcome, text: "Bonjour." }
            next: menu
          menu:
            kind: menu
            prompt: { id: menu, text: "Tapez 1." }
            options:
              - key: "1"
                next: agents
            timeout: 5s
            max-attempts: 3
            on-max-attempts: bye
          agents:
            kind: queue
            queue: test.agents
          bye:
            kind: hangup

        """;

    /// <summary>The queues of the tests' scripts (network TEST, defaults everywhere), written by the constructor.</summary>
    public const string TestQueues = """
        queues:
          test.agents: { name: "Test agents", network: TEST }
          test.other: { name: "Test autres", network: TEST }
          test.one: { name: "Test un", network: TEST }
          test.twelve: { name: "Test douze", network: TEST }

        """;

    public ScriptDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ivr-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        WriteQueues(TestQueues);
    }

    public string Path { get; }

    public string QueuesFile => System.IO.Path.Combine(Path, IvrQueues.FileName);

    public ScriptDirectory WriteQueues(string yaml)
    {
        File.WriteAllText(QueuesFile, yaml);
        return this;
    }

    public static IvrLoadOptions WithoutWavs { get; } = new() { RequirePromptFiles = false };

    public string FileOf(string scriptName) => System.IO.Path.Combine(Path, scriptName + ".yaml");

    public ScriptDirectory Write(string scriptName, string yaml)
    {
        File.WriteAllText(FileOf(scriptName), yaml);
        return this;
    }

    /// <summary>Creates (empty) WAV files for prompts: enough for the loader, which checks that they exist.</summary>
    public ScriptDirectory WithWavs(string scriptName, params string[] promptIds)
    {
        var folder = System.IO.Path.Combine(Path, "prompts", scriptName);
        Directory.CreateDirectory(folder);
        foreach (var id in promptIds)
        {
            File.WriteAllBytes(System.IO.Path.Combine(folder, id + ".wav"), []);
        }

        return this;
    }

    /// <summary>Loads the directory expecting failure; returns the errors.</summary>
    public IReadOnlyList<IvrValidationError> Errors(IvrLoadOptions? options = null)
    {
        var e = Assert.Throws<IvrValidationException>(() => IvrScriptSet.LoadDirectory(Path, options ?? WithoutWavs));
        return e.Errors;
    }

    public IvrScriptSet Load(IvrLoadOptions? options = null) => IvrScriptSet.LoadDirectory(Path, options ?? WithoutWavs);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
