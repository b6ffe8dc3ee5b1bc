namespace Telephony.Ivr.Tests;

/// <summary>
/// What the session does in a queue node, now that the queue's numbers live in the queues file: it stays in the node
/// exactly when the node has a branch or an announcement to make, and follows the branch the host reports.
/// </summary>
public sealed class QueueWaitTests : IDisposable
{
    private const string Queues = """
        queues:
          test.agents:
            name: "Test agents"
            network: TEST
            max-waiting: 5
            max-wait: 10m
            announce-every: 30s

        """;

    private const string WaitingNode = "    queue: test.agents\n    announce-position: true\n    on-max-wait: late\n    on-full: full\n";

    private const string Branches = """
          late:
            kind: play
            prompt: { id: late, text: "Nos conseillers sont tous occupés." }
            next: bye
          full:
            kind: play
            prompt: { id: full, text: "Le service est saturé." }
            next: bye

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_node_with_branches_joins_with_them_and_waits_for_the_host()
    {
        var (session, join) = Join();

        Assert.Equal(new JoinQueue("test.agents", 0) { AnnouncePosition = true, HandlesMaxWait = true, HandlesFull = true }, join);
        Assert.True(join.AwaitsQueueEvents);
        Assert.False(session.IsFinished);
        Assert.Equal("agents", session.CurrentNode);
    }

    [Fact]
    public void The_maximum_wait_of_the_queue_leads_to_on_max_wait()
    {
        var (session, _) = Join();

        var actions = session.Handle(new QueueResult(QueueResultKind.MaxWaitReached));

        Assert.Equal("late", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    [Fact]
    public void A_refused_call_leads_to_on_full()
    {
        var (session, _) = Join();

        var actions = session.Handle(new QueueResult(QueueResultKind.QueueFull));

        Assert.Equal("full", Assert.IsType<PlayPrompt>(Assert.Single(actions)).PromptId);
    }

    [Fact]
    public void Announcements_answer_the_host_queue_status_until_an_agent_answers()
    {
        var (session, _) = Join();

        var announcement = Assert.IsType<PlayAnnouncement>(Assert.Single(session.Handle(new QueueStatus(3, TimeSpan.FromMinutes(4)))));
        var answered = session.Handle(new QueueResult(QueueResultKind.AgentAnswered));

        Assert.Equal("Vous êtes le 3e.", announcement.Text);
        Assert.Empty(answered);
        Assert.Equal(IvrOutcome.Queued, session.Outcome);
    }

    [Fact]
    public void A_node_that_only_announces_stays_for_the_announcements_and_ignores_results_it_has_no_branch_for()
    {
        _dir.WriteQueues("queues:\n  test.agents: { name: \"Test agents\", network: TEST, announce-every: 30s }\n")
            .Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", "    queue: test.agents\n    announce-wait: true\n"));
        var session = AtMenu();

        var join = Assert.IsType<JoinQueue>(Assert.Single(session.Handle(new DigitPressed('1'))));

        Assert.Equal((true, false, false), (join.AwaitsQueueEvents, join.HandlesMaxWait, join.HandlesFull));
        Assert.Empty(session.Handle(new QueueResult(QueueResultKind.MaxWaitReached)));
        Assert.Equal("agents", session.CurrentNode);
        Assert.Equal("Le temps d'attente estimé est de 2 minutes.", Assert.IsType<PlayAnnouncement>(Assert.Single(session.Handle(new QueueStatus(1, TimeSpan.FromMinutes(2))))).Text);
    }

    [Fact]
    public void A_node_without_branches_or_announcements_ends_the_ivr_part_on_joining()
    {
        _dir.Write("test", ScriptDirectory.ValidScript);
        var session = AtMenu();

        var join = Assert.IsType<JoinQueue>(Assert.Single(session.Handle(new DigitPressed('1'))));

        Assert.False(join.AwaitsQueueEvents);
        Assert.Equal(IvrOutcome.Queued, session.Outcome);
    }

    private (IvrSession Session, JoinQueue Join) Join()
    {
        _dir.WriteQueues(Queues).Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", WaitingNode) + Branches);
        var session = AtMenu();
        return (session, Assert.IsType<JoinQueue>(Assert.Single(session.Handle(new DigitPressed('1')))));
    }

    private IvrSession AtMenu()
    {
        var session = new IvrSession(_dir.Load().Scripts.Single(), TimeProvider.System);
        session.Start();
        session.Handle(new PromptFinished("welcome"));
        return session;
    }
}
