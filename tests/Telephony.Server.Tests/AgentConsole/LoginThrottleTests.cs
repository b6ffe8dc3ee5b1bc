using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telephony.Server.AgentConsole;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>The wrong-password delay per source: doubling, capped, decaying, one attempt at a time.</summary>
public sealed class LoginThrottleTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() => _throttle = new LoginThrottle(Options.Create(new ConsoleSettings()), _time);

    [Fact]
    public async Task Each_failure_doubles_the_delay_from_one_second_up_to_thirty()
    {
        var delays = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            delays.Add((await FailAsync(Source)).TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
    }

    [Fact]
    public async Task The_count_halves_every_five_quiet_minutes_and_other_sources_are_not_slowed()
    {
        for (var i = 0; i < 4; i++)
        {
            await FailAsync(Source);
        }

        _time.Advance(TimeSpan.FromMinutes(10)); // 4 failures -> 1
        Assert.Equal(2, (await FailAsync(Source)).TotalSeconds);
        Assert.Equal(1, (await FailAsync(IPAddress.Parse("192.0.2.11"))).TotalSeconds);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await FailAsync(Source)).TotalSeconds);
    }

    [Fact]
    public async Task A_source_tries_one_password_at_a_time_and_past_a_few_waiting_is_refused_at_once()
    {
        using var first = await _throttle.TakeTurnAsync(Source, CancellationToken.None);
        var waiting = Enumerable.Range(0, LoginThrottle.MaxWaitingPerSource - 1).Select(_ => _throttle.TakeTurnAsync(Source, CancellationToken.None)).ToList();

        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        Assert.Null(await _throttle.TakeTurnAsync(Source, CancellationToken.None));
        Assert.NotNull(first);

        first!.Dispose();
        var next = await waiting[0];
        Assert.NotNull(next);
        next!.Dispose();
        foreach (var turn in waiting.Skip(1))
        {
            (await turn)!.Dispose();
        }
    }

    [Fact]
    public async Task Hanging_up_during_the_delay_does_not_shorten_it_for_the_next_attempt()
    {
        using (var turn = await _throttle.TakeTurnAsync(Source, CancellationToken.None))
        {
            using var hangUp = new CancellationTokenSource();
            var failing = turn!.FailAsync(hangUp.Token);
            await hangUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => failing);
        }

        var next = _throttle.TakeTurnAsync(Source, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Yield();
        Assert.False(next.IsCompleted, "the next attempt came in before the first failure's second was over");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        (await next.WaitAsync(TimeSpan.FromSeconds(5)))!.Dispose();
    }

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void A_source_is_its_ipv4_address_or_its_ipv6_slash_64(string address, string key) =>
        Assert.Equal(key, LoginThrottle.KeyOf(IPAddress.Parse(address)));

    /// <summary>One wrong password: the delay it earned (the fake clock is moved on by it, as the real wait would).</summary>
    private async Task<TimeSpan> FailAsync(IPAddress source)
    {
        using var turn = await _throttle.TakeTurnAsync(source, CancellationToken.None);
        var failing = turn!.FailAsync(CancellationToken.None);
        while (!failing.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        return await failing;
    }
}
