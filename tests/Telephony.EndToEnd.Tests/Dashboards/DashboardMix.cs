using Telephony.EndToEnd.Tests.Infrastructure;

namespace Telephony.EndToEnd.Tests.Dashboards;

/// <summary>
/// The calls the dashboard test places, and the lines they reach: network TEST, line 3901 (agent queue, IVR
/// information, a queue nobody serves, a survey after the agent), line 3902 (IVR information, the same unserved queue)
/// and line 3903 (closed by the operator). A caller of 3902 asks to be called back by the unserved queue: the callback
/// stays pending (no agent to reserve for it), so it enters no rate. Every caller has a number of their own: the
/// service lets one number wait only once per line.
/// </summary>
public static class DashboardMix
{
    public const string Network = "TEST";
    public const string ServedQueue = "test.conseil";
    public const string UnservedQueue = "test.dossiers";
    public const string ClosedScript = "essai-c";
    public const string AgentExtension = "3801";

    /// <summary>A queue abandon within this many seconds is short (Metrics:ShortAbandonThresholdSeconds).</summary>
    public const int ShortAbandonSeconds = 4;

    /// <summary>How long the agent talks before hanging up.</summary>
    public static readonly TimeSpan Talk = TimeSpan.FromSeconds(3);

    /// <summary>How long the two abandoning callers wait in the unserved queue.</summary>
    public static readonly TimeSpan LongWait = TimeSpan.FromSeconds(10);

    /// <summary>The calls the rules and panels must count, by line (dashboards/README.md notation).</summary>
    public static readonly IReadOnlyList<LineCalls> Lines =
    [
        new(Network, "3901", A: 1, H: 2, AI: 1, AQ: 1, AQS: 1, Scores: [4]),
        new(Network, "3902", H: 1, AQ: 1, CB: 1),
        new(Network, "3903", C: 1),
    ];

    public static readonly IReadOnlyList<QueueCalls> Queues =
    [
        new(Network, ServedQueue, Answered: 1, Abandoned: 0, AgentsReady: 1, TalkSeconds: ExpectedValue.Between(2, 8)),
        new(Network, UnservedQueue, Answered: 0, Abandoned: 3, AgentsReady: 0, TalkSeconds: ExpectedValue.Between(0, 0)),
    ];

    /// <summary>One sipp caller: the line, their number, the keys (SIP INFO), then a hang-up or the service's BYE.</summary>
    public sealed record Call(string What, string Line, string Caller, IReadOnlyList<KeyPress> Keys, TimeSpan? HangUpAfter)
    {
        public string Scenario() => DtmfCallScenario.Write(
            Keys, HangUpAfter ?? TimeSpan.Zero, serviceHangsUp: HangUpAfter is null, byeWithin: TimeSpan.FromSeconds(30), callerNumber: Caller);
    }

    /// <summary>The welcome lasts 1.7 s; a key at 2.5 s is taken during the menu's prompt (barge-in).</summary>
    private static readonly TimeSpan Menu = TimeSpan.FromMilliseconds(2500);

    public static readonly IReadOnlyList<Call> Calls =
    [
        // 1 to the agent; the agent talks 3 s and hangs up, the survey asks, the caller keys 4.
        new("answered by the agent, survey 4", "3901", "0611000001", [Key('1', Menu), Key('4', TimeSpan.FromSeconds(8))], null),
        new("IVR information", "3901", "0611000002", [Key('2', Menu)], null),
        new("IVR information", "3901", "0611000003", [Key('2', Menu)], null),
        new("hangs up in the welcome", "3901", "0611000004", [], TimeSpan.FromSeconds(1)),
        new("abandons the queue", "3901", "0611000005", [Key('3', Menu)], LongWait),
        new("short abandon", "3901", "0611000006", [Key('3', Menu)], TimeSpan.FromSeconds(1)),
        new("IVR information", "3902", "0611000007", [Key('2', Menu)], null),
        new("abandons the queue", "3902", "0611000008", [Key('1', Menu)], LongWait),
        // The callback offer plays 1.7 s after the menu's key; 1 accepts it, then the confirmation and the service's BYE.
        new("requests a callback", "3902", "0611000010", [Key('3', Menu), Key('1', TimeSpan.FromMilliseconds(2500))], null),
        new("closed line", "3903", "0611000009", [], null),
    ];

    public static void WriteScripts(TestScripts scripts)
    {
        scripts.Write("essai-a", LineA, "welcome", "menu", "info", "survey");
        scripts.Write("essai-b", LineB, "welcome", "menu", "info", "callback", "callback-confirmed", "callback-refused");
        scripts.Write(ClosedScript, LineC, "welcome", "info", "closed");
        scripts.WriteQueues($$"""
            queues:
              {{ServedQueue}}: { name: "Essai conseil", network: {{Network}}, wrap-up: 2s }
              {{UnservedQueue}}: { name: "Essai dossiers", network: {{Network}} }
            """);
    }

    private static KeyPress Key(char key, TimeSpan after) => new(key, after, ViaSipInfo: true);

    private const string Prompts = """
          welcome: { kind: play, prompt: { id: welcome, text: "Bienvenue au service d'essai." }, next: menu }
          info: { kind: play, prompt: { id: info, text: "Vos démarches sont en ligne. Au revoir." }, next: end }
          end: { kind: hangup, outcome: handled-ivr }
        """;

    private const string LineA = $$"""
        network: {{Network}}
        numbers: ["3901"]
        locale: fr-FR
        start: welcome
        survey:
          prompt: { id: survey, text: "Êtes-vous satisfait ? Tapez 1 à 5." }
          timeout: 8s
        nodes:
        {{Prompts}}
          menu:
            kind: menu
            prompt: { id: menu, text: "Conseiller, 1. Information, 2. Dossier, 3." }
            options:
              - { key: "1", label: "Conseiller", next: to-agent }
              - { key: "2", label: "Information", next: info }
              - { key: "3", label: "Dossier", next: to-files }
            timeout: 5s
            max-attempts: 3
            on-max-attempts: info
          to-agent: { kind: queue, queue: {{ServedQueue}} }
          to-files: { kind: queue, queue: {{UnservedQueue}} }
        """;

    private const string LineB = $$"""
        network: {{Network}}
        numbers: ["3902"]
        locale: fr-FR
        start: welcome
        nodes:
        {{Prompts}}
          menu:
            kind: menu
            prompt: { id: menu, text: "Conseiller, 1. Information, 2. Dossier, 3." }
            options:
              - { key: "1", label: "Dossier", next: to-files }
              - { key: "2", label: "Information", next: info }
              - { key: "3", label: "Rappel", next: callback }
            timeout: 5s
            max-attempts: 3
            on-max-attempts: info
          to-files: { kind: queue, queue: {{UnservedQueue}} }
          callback:
            kind: callback
            prompt: { id: callback, text: "Pour être rappelé, tapez 1." }
            queue: {{UnservedQueue}}
            accept-key: "1"
            # The caller ID is taken as it is: the read-back and its digit prompts are tested in the IVR tests.
            confirm-number: false
            timeout: 5s
            on-accepted: callback-confirmed
            on-declined: info
            refused-prompt: { id: callback-refused, text: "Nous ne pouvons pas rappeler ce numéro." }
            on-refused: info
          callback-confirmed: { kind: play, prompt: { id: callback-confirmed, text: "Votre demande de rappel est enregistrée." }, next: end-callback }
          end-callback: { kind: hangup, outcome: callback-requested }
        """;

    /// <summary>Open by its hours (and Ivr:ForceOpen); the test closes it by operator override, which wins over both.</summary>
    private const string LineC = $$"""
        network: {{Network}}
        numbers: ["3903"]
        locale: fr-FR
        start: welcome
        opening-hours:
          monday: ["08:00-17:00"]
        nodes:
          welcome: { kind: play, prompt: { id: welcome, text: "Bienvenue au service d'essai." }, next: hours }
          hours: { kind: hours, open: info, closed: closed, on-forced-closed: closed }
          info: { kind: play, prompt: { id: info, text: "Vos démarches sont en ligne. Au revoir." }, next: end }
          end: { kind: hangup, outcome: handled-ivr }
          closed: { kind: play, prompt: { id: closed, text: "Le service est fermé." }, next: end-closed }
          end-closed: { kind: hangup, outcome: closed }
        """;
}
