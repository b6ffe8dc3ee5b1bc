using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A menu with options 1 and 12 through a real call: "1" then "2" typed quickly reaches option 12, while "1" alone
/// waits the menu's inter-digit timeout and then takes option 1 (RFC 4733 keys from sipp, outcome read from the
/// call record).
/// </summary>
public sealed class MultiKeyMenuTests(ITestOutputHelper output) : IDisposable
{
    private const string TwoLevelKeysLine = """
        network: TEST
        numbers: ["3998"]
        locale: fr-FR
        start: menu
        nodes:
          menu:
            kind: menu
            prompt: { id: welcome, text: "Pour le service A, tapez 1. Pour le service B, tapez 12." }
            options:
              - key: "1"
                next: queue-a
              - key: "12"
                next: queue-b
            timeout: 10s
            inter-digit-timeout: 1500ms
            max-attempts: 2
            on-max-attempts: queue-a
          queue-a:
            kind: queue
            queue: test.a
          queue-b:
            kind: queue
            queue: test.b
        """;

    private readonly TestScripts _scripts = new();

    [EndToEndFact]
    public async Task Keys_typed_together_choose_the_longer_option_and_a_lone_key_waits_the_inter_digit_timeout()
    {
        _scripts.Write("keys", TwoLevelKeysLine, "welcome");
        _scripts.WriteQueues("""
            queues:
              test.a: { name: "Test A", network: TEST }
              test.b: { name: "Test B", network: TEST }
            """);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path });
        try
        {
            // Keys pressed during the prompt (barge-in); "2" follows "1" well within the 1.5 s inter-digit timeout.
            var together = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(800)), new KeyPress('2', TimeSpan.FromMilliseconds(400))], holdAfterLastKey: TimeSpan.FromSeconds(2));
            var first = await Sipp.RunScenarioAsync(together, "3998", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));
            Assert.True(first.ExitCode == 0, $"sipp failed ({first.ExitCode}):\n{first.Output}");
            Assert.Equal(["test.b"], await QueuesReachedAsync(server, count: 1));

            // "1" alone: the service cannot know yet whether 12 is coming, so it waits the inter-digit timeout.
            var alone = DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(800))], holdAfterLastKey: TimeSpan.FromSeconds(4));
            var second = await Sipp.RunScenarioAsync(alone, "3998", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));
            Assert.True(second.ExitCode == 0, $"sipp failed ({second.ExitCode}):\n{second.Output}");
            Assert.Equal(["test.b", "test.a"], await QueuesReachedAsync(server, count: 2));
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static async Task<List<string?>> QueuesReachedAsync(ServerProcess server, int count) =>
        await Eventually.ReadAsync(async () =>
        {
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            return (await database.QueryAsync<string?>("SELECT queue_id FROM call_records WHERE line = '3998' AND ended_at IS NOT NULL ORDER BY ended_at")).ToList();
        }, done: queues => queues.Count >= count);

    public void Dispose() => _scripts.Dispose();
}
