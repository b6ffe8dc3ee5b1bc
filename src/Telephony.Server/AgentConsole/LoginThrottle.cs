using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Telephony.Server.AgentConsole;

/// <summary>
/// Slows password guessing per source address. A wrong password is answered only after a delay that doubles with
/// each recent failure from that source (1 s, 2 s, 4 s... up to the cap), and the count of failures halves with each
/// half-life without one, so a typo costs a second and a guesser soon waits the cap. A source's attempts are taken
/// one at a time, and none before the last failure's delay is over (hanging up early skips nothing), so sending them
/// in parallel or in a hurry gains nothing; past a few waiting attempts the answer is an immediate 429. A right
/// password is not delayed beyond what the source's earlier failures set.
/// </summary>
public sealed class LoginThrottle(IOptions<ConsoleSettings> settings, TimeProvider time)
{
    /// <summary>Attempts of one source that may wait for their turn; more are refused at once.</summary>
    public const int MaxWaitingPerSource = 4;

    // Forgotten sources are swept once there are this many (a failure count under 1/16 is as good as none).
    private const int SweepAbove = 1000;
    private const double ForgottenScore = 1.0 / 16;

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);

    /// <summary>Waits for the source's turn; null when too many of its attempts already wait (answer 429).</summary>
    public async Task<LoginTurn?> TakeTurnAsync(IPAddress? address, CancellationToken ct)
    {
        var key = KeyOf(address);
        var source = _sources.GetOrAdd(key, _ => new Source());
        if (Interlocked.Increment(ref source.Waiting) > MaxWaitingPerSource)
        {
            Interlocked.Decrement(ref source.Waiting);
            return null;
        }

        var entered = false;
        try
        {
            await source.Turn.WaitAsync(ct).ConfigureAwait(false);
            entered = true;
            // The last failure's delay runs out here, not only in its own answer: a guesser who hangs up early to
            // skip the wait still waits before the next try.
            var left = Volatile.Read(ref source.NotBeforeTicks) - time.GetUtcNow().UtcTicks;
            if (left > 0)
            {
                await Task.Delay(TimeSpan.FromTicks(left), time, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            if (entered)
            {
                source.Turn.Release();
            }

            Interlocked.Decrement(ref source.Waiting);
            throw;
        }

        return new LoginTurn(this, source);
    }

    /// <summary>The delay a failure now adds for the source; counts it.</summary>
    internal TimeSpan RecordFailure(Source source)
    {
        var options = settings.Value;
        var now = time.GetUtcNow();
        double failures;
        lock (source)
        {
            source.Score = Decayed(source, now, options.LoginPenaltyHalfLife) + 1;
            source.LastFailure = now;
            failures = source.Score;
        }

        // The n-th recent failure waits 2^(n-1) times the first delay, capped (the exponent is bounded first). The
        // decayed count is rounded: four failures one half-life ago count as two.
        var doublings = Math.Clamp((int)Math.Round(failures, MidpointRounding.AwayFromZero) - 1, 0, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.LoginDelay.Ticks * Math.Pow(2, doublings), options.LoginDelayCap.Ticks));
        Volatile.Write(ref source.NotBeforeTicks, (now + delay).UtcTicks);
        if (_sources.Count > SweepAbove)
        {
            Sweep(now, options.LoginPenaltyHalfLife);
        }

        return delay;
    }

    internal Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, time, ct);

    internal static void Release(Source source)
    {
        source.Turn.Release();
        Interlocked.Decrement(ref source.Waiting);
    }

    /// <summary>IPv4 as is (an IPv4-mapped IPv6 address as IPv4); IPv6 by its /64, which one host usually owns whole.</summary>
    internal static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static double Decayed(Source source, DateTimeOffset now, TimeSpan halfLife) =>
        source.Score == 0 ? 0 : source.Score * Math.Pow(0.5, Math.Max(0, (now - source.LastFailure) / halfLife));

    private void Sweep(DateTimeOffset now, TimeSpan halfLife)
    {
        foreach (var (key, source) in _sources)
        {
            bool forgotten;
            lock (source)
            {
                forgotten = Volatile.Read(ref source.Waiting) == 0 && Decayed(source, now, halfLife) < ForgottenScore;
            }

            if (forgotten)
            {
                _sources.TryRemove(new KeyValuePair<string, Source>(key, source));
            }
        }
    }

    /// <summary>One source's recent failures and its turn.</summary>
    internal sealed class Source
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public int Waiting;
        public long NotBeforeTicks;
        public double Score;
        public DateTimeOffset LastFailure;
    }
}

/// <summary>A source's turn to try a password; disposing it lets the source's next attempt in.</summary>
public sealed class LoginTurn : IDisposable
{
    private readonly LoginThrottle _throttle;
    private readonly LoginThrottle.Source _source;
    private int _released;

    internal LoginTurn(LoginThrottle throttle, LoginThrottle.Source source)
    {
        _throttle = throttle;
        _source = source;
    }

    /// <summary>
    /// Counts a wrong password and waits its delay, still holding the turn; returns the delay. A client that leaves
    /// meanwhile frees the turn, but the source's next attempt waits out what is left of the delay.
    /// </summary>
    public async Task<TimeSpan> FailAsync(CancellationToken ct)
    {
        var delay = _throttle.RecordFailure(_source);
        await _throttle.DelayAsync(delay, ct).ConfigureAwait(false);
        return delay;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            LoginThrottle.Release(_source);
        }
    }
}
