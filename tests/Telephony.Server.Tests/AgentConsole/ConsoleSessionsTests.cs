using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telephony.Server.AgentConsole;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>Console sessions: random tokens, idle and absolute expiry, and ending one tells its streams.</summary>
public sealed class ConsoleSessionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly ConsoleSessions _sessions;

    public ConsoleSessionsTests() => _sessions = new ConsoleSessions(
        Options.Create(new ConsoleSettings { SessionIdleTimeout = TimeSpan.FromHours(2), SessionLifetime = TimeSpan.FromHours(12) }), _time);

    [Fact]
    public void Tokens_are_random_and_only_the_right_one_finds_its_session()
    {
        var (first, session) = _sessions.Open("ag_1");
        var (second, _) = _sessions.Open("ag_1");

        Assert.NotEqual(first, second);
        Assert.Same(session, _sessions.Find(first));
        Assert.Null(_sessions.Find(first[..^1]));
        Assert.Null(_sessions.Find(null));
        Assert.DoesNotContain(first, session.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_unused_for_the_idle_timeout_ends_and_use_keeps_it_alive_until_its_lifetime()
    {
        var (idle, idleSession) = _sessions.Open("ag_1");
        var (used, _) = _sessions.Open("ag_2");

        for (var hour = 0; hour < 11; hour++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            Assert.NotNull(_sessions.Find(used));
        }

        Assert.Null(_sessions.Find(idle));
        Assert.True(idleSession.Ended.IsCancellationRequested);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Null(_sessions.Find(used)); // 12 h after the login, however busy
        Assert.Equal(0, _sessions.Count);
    }

    [Fact]
    public void Ending_a_session_fires_its_ended_token()
    {
        var (token, session) = _sessions.Open("ag_1");

        _sessions.End(session);

        Assert.True(session.Ended.IsCancellationRequested);
        Assert.Null(_sessions.Find(token));
        Assert.False(_sessions.KeepAlive(session));
    }
}
