using Telephony.Sip.Auth;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Auth;

/// <summary>
/// Credentials held as HA1 hashes only, as the agents table stores them: the RFC 7616 §3.9.1 example (the hash
/// algorithm RFC 8760 brings to SIP) answered from its HA1 alone, and the server verifying real answers against them.
/// </summary>
public class Ha1CredentialTests
{
    // H("Mufasa:http-auth@example.org:Circle of Life"): what a store keeps for the RFC 7616 example user.
    private const string MufasaHa1Md5 = "3d78807defe7de2157e2b0b6573a855f";
    private const string MufasaHa1Sha256 = "7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232";
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    public void The_rfc7616_example_responses_come_out_of_the_stored_ha1_without_the_password(string algorithmName, string expected)
    {
        var algorithm = DigestAlgorithm.FromName(algorithmName)!;
        var stored = SipCredential.FromHa1("Mufasa", "http-auth@example.org", MufasaHa1Md5, MufasaHa1Sha256.ToUpperInvariant());

        var response = DigestComputation.Response(algorithm, stored.Ha1For(algorithm), "GET", "/dir/index.html", Rfc7616Nonce, "auth", "00000001", Rfc7616Cnonce);

        Assert.Equal(expected, response);
    }

    [Fact]
    public void A_credential_made_from_a_password_keeps_only_the_two_hashes_of_it()
    {
        var fromPassword = new SipCredential("Mufasa", "http-auth@example.org", "Circle of Life");

        Assert.Equal(MufasaHa1Md5, fromPassword.Ha1Md5);
        Assert.Equal(MufasaHa1Sha256, fromPassword.Ha1Sha256);
        Assert.Equal(SipCredential.FromHa1("Mufasa", "http-auth@example.org", MufasaHa1Md5, MufasaHa1Sha256), fromPassword);
        Assert.Same(fromPassword.Ha1Md5, fromPassword.Ha1For(DigestAlgorithm.Md5Sess));
        Assert.Same(fromPassword.Ha1Sha256, fromPassword.Ha1For(DigestAlgorithm.Sha256Sess));
        Assert.DoesNotContain(MufasaHa1Md5, fromPassword.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3d78807defe7de2157e2b0b6573a855", MufasaHa1Sha256)]
    [InlineData(MufasaHa1Sha256, MufasaHa1Sha256)]
    [InlineData("3d78807defe7de2157e2b0b6573a855g", MufasaHa1Sha256)]
    [InlineData(MufasaHa1Md5, MufasaHa1Md5)]
    public void A_stored_hash_of_the_wrong_length_or_not_hex_is_refused(string md5, string sha256)
    {
        Assert.Throws<ArgumentException>(() => SipCredential.FromHa1("Mufasa", "http-auth@example.org", md5, sha256));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_server_accepts_the_right_password_and_refuses_a_wrong_one_against_hashes_only(int challengeIndex)
    {
        var realm = "telephony";
        var stored = new SipCredential("1001", realm, "correct-horse-battery");
        var store = new InMemorySipCredentialStore([SipCredential.FromHa1("1001", realm, stored.Ha1Md5, stored.Ha1Sha256)]);
        var server = new DigestServer(realm, store, Secret, TimeSpan.FromMinutes(5), 100, new FakeTimeProvider())
        {
            Algorithms = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5],
        };

        string AnswerWith(string password)
        {
            var challenge = DigestChallenge.TryParse(server.CreateChallenges(stale: false)[challengeIndex])!;
            return DigestClient.Answer(challenge, new SipClientCredentials("1001", password), "REGISTER", "sip:127.0.0.1")!.ToHeaderValue();
        }

        Assert.Equal(new DigestCheck(DigestVerdict.Accepted, "1001"), await server.CheckAsync("REGISTER", [AnswerWith("correct-horse-battery")]));
        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [AnswerWith("correct-horse-batterY")])).Verdict);
    }

    [Fact]
    public async Task Hashes_computed_for_another_realm_do_not_authenticate()
    {
        var stored = new SipCredential("1001", "old-realm", "correct-horse-battery");
        var store = new InMemorySipCredentialStore([SipCredential.FromHa1("1001", "telephony", stored.Ha1Md5, stored.Ha1Sha256)]);
        var server = new DigestServer("telephony", store, Secret, TimeSpan.FromMinutes(5), 100, new FakeTimeProvider()) { Algorithms = [DigestAlgorithm.Md5] };
        var challenge = DigestChallenge.TryParse(server.CreateChallenges(stale: false)[0])!;

        var answer = DigestClient.Answer(challenge, new SipClientCredentials("1001", "correct-horse-battery"), "REGISTER", "sip:127.0.0.1")!;

        Assert.Equal(DigestVerdict.Rejected, (await server.CheckAsync("REGISTER", [answer.ToHeaderValue()])).Verdict);
    }
}
