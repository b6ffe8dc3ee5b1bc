using Telephony.Sip.Auth;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Auth;

/// <summary>Server nonces (HMAC, expiry) and nc replay protection.</summary>
public class DigestServerTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly FakeTimeProvider _time = new();
    private readonly InMemorySipCredentialStore _store = new([new SipCredential("agent1", "agents", "secret")]);

    private DigestServer NewServer(int maxTracked = 100) => new("agents", _store, Secret, TimeSpan.FromMinutes(5), maxTracked, _time);

    private static string Answer(DigestServer server, string password = "secret", uint nc = 1, string user = "agent1", int challengeIndex = 0)
    {
        var challenge = DigestChallenge.TryParse(server.CreateChallenges(stale: false)[challengeIndex])!;
        return DigestClient.Answer(challenge, new SipClientCredentials(user, password), "REGISTER", "sip:127.0.0.1", nc)!.ToHeaderValue();
    }

    private static string Reanswer(string previous, string password, uint nc)
    {
        var old = DigestAuthorization.TryParse(previous)!;
        var challenge = new DigestChallenge(old.Realm, old.Nonce, old.Algorithm, ["auth"]);
        return DigestClient.Answer(challenge, new SipClientCredentials(old.Username, password), "REGISTER", old.Uri, nc)!.ToHeaderValue();
    }

    [Fact]
    public async Task Right_password_is_accepted_with_sha256_and_md5()
    {
        var server = NewServer();

        var sha = await server.CheckAsync("REGISTER", [Answer(server, challengeIndex: 0)]);
        var md5 = await server.CheckAsync("REGISTER", [Answer(server, challengeIndex: 1)]);

        Assert.Equal(new DigestCheck(DigestVerdict.Accepted, "agent1"), sha);
        Assert.Equal(new DigestCheck(DigestVerdict.Accepted, "agent1"), md5);
        Assert.Contains("algorithm=SHA-256", server.CreateChallenges(false)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_are_rejected()
    {
        var server = NewServer();

        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [Answer(server, password: "guess")])).Verdict);
        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [Answer(server, user: "nobody")])).Verdict);
        Assert.Equal(DigestVerdict.Missing, (await server.CheckAsync("REGISTER", [])).Verdict);
    }

    [Fact]
    public async Task Same_nonce_count_twice_is_a_replay_and_a_higher_one_is_fine()
    {
        var server = NewServer();
        var first = Answer(server);

        Assert.Equal(DigestVerdict.Accepted, (await server.CheckAsync("REGISTER", [first])).Verdict);
        Assert.Equal(DigestVerdict.Replayed, (await server.CheckAsync("REGISTER", [first])).Verdict);
        Assert.Equal(DigestVerdict.Accepted, (await server.CheckAsync("REGISTER", [Reanswer(first, "secret", 2)])).Verdict);
        Assert.Equal(DigestVerdict.Replayed, (await server.CheckAsync("REGISTER", [Reanswer(first, "secret", 2)])).Verdict);
    }

    [Fact]
    public async Task Expired_nonce_with_right_password_is_stale_and_with_wrong_password_rejected()
    {
        var server = NewServer();
        var answer = Answer(server);
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(DigestVerdict.Stale, (await server.CheckAsync("REGISTER", [answer])).Verdict);
        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [Reanswer(answer, "guess", 1)])).Verdict);
    }

    [Fact]
    public async Task Nonce_from_another_secret_or_tampered_is_rejected()
    {
        var other = new DigestServer("agents", _store, new byte[32], TimeSpan.FromMinutes(5), 100, _time);
        var server = NewServer();
        var foreign = Answer(other);
        var tampered = Reanswer(Answer(server), "secret", 1).Replace("nonce=\"A", "nonce=\"B", StringComparison.Ordinal).Replace("nonce=\"", "nonce=\"x", StringComparison.Ordinal);

        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [foreign])).Verdict);
        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [tampered])).Verdict);
    }

    [Fact]
    public async Task Answer_without_qop_is_refused_because_it_cannot_be_replay_checked()
    {
        var server = NewServer();
        var challenge = DigestChallenge.TryParse(server.CreateChallenges(false)[1])! with { QopOptions = [] };
        var legacy = DigestClient.Answer(challenge, new SipClientCredentials("agent1", "secret"), "REGISTER", "sip:127.0.0.1")!;

        Assert.Null(legacy.Qop);
        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [legacy.ToHeaderValue()])).Verdict);
    }

    [Fact]
    public async Task Replay_memory_is_bounded_and_a_forgotten_nonce_is_stale_not_replayable()
    {
        var server = NewServer(maxTracked: 3);
        var first = Answer(server);
        Assert.Equal(DigestVerdict.Accepted, (await server.CheckAsync("REGISTER", [first])).Verdict);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(DigestVerdict.Accepted, (await server.CheckAsync("REGISTER", [Answer(server)])).Verdict);
        }

        Assert.Equal(3, server.TrackedNonceCount);
        Assert.Equal(DigestVerdict.Stale, (await server.CheckAsync("REGISTER", [first])).Verdict);
        Assert.Equal(DigestVerdict.Stale, (await server.CheckAsync("REGISTER", [Reanswer(first, "secret", 9)])).Verdict);
    }
}
