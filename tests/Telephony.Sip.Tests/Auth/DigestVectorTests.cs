using Telephony.Sip.Auth;

namespace Telephony.Sip.Tests.Auth;

/// <summary>Published examples: RFC 7616 §3.9.1 (SHA-256 and MD5) and RFC 2617 §3.5.</summary>
public class DigestVectorTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Theory]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    public void Rfc7616_example_responses_are_reproduced(string algorithmName, string expected)
    {
        var algorithm = DigestAlgorithm.FromName(algorithmName)!;
        var ha1 = DigestComputation.Ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");

        var response = DigestComputation.Response(algorithm, ha1, "GET", "/dir/index.html", Rfc7616Nonce, "auth", "00000001", Rfc7616Cnonce);

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Rfc7616_sha256_example_is_what_the_client_answers_to_its_challenge()
    {
        var challenge = DigestChallenge.TryParse(
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + Rfc7616Nonce + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")!;

        var answer = DigestClient.Answer(challenge, new SipClientCredentials("Mufasa", "Circle of Life"), "GET", "/dir/index.html", 1, Rfc7616Cnonce)!;

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", answer.Response);
        var header = answer.ToHeaderValue();
        Assert.Contains("qop=auth, nc=00000001", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"", header, StringComparison.Ordinal);
        Assert.Equal(answer, DigestAuthorization.TryParse(header));
    }

    [Fact]
    public void Rfc2617_example_response_is_reproduced()
    {
        var challenge = DigestChallenge.TryParse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")!;

        var answer = DigestClient.Answer(challenge, new SipClientCredentials("Mufasa", "Circle Of Life"), "GET", "/dir/index.html", 1, "0a4f113b")!;

        Assert.Same(DigestAlgorithm.Md5, challenge.Algorithm);
        Assert.Equal("6629fae49393a05397450978507c4ef1", answer.Response);
    }

    [Fact]
    public void Credentials_for_another_realm_do_not_answer()
    {
        var challenge = new DigestChallenge("pbx", "abc", DigestAlgorithm.Md5, ["auth"]);

        Assert.Null(DigestClient.Answer(challenge, new SipClientCredentials("a", "b", Realm: "trunk"), "INVITE", "sip:x@y"));
        Assert.NotNull(DigestClient.Answer(challenge, new SipClientCredentials("a", "b", Realm: "pbx"), "INVITE", "sip:x@y"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest")]
    [InlineData("Digest realm=\"unterminated, nonce=\"n\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1")]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest realm=\"r\", realm=\"r2\", nonce=\"n\"")]
    [InlineData("Digest realm \"r\", nonce=\"n\"")]
    [InlineData("Digest =\"r\", nonce=\"n\"")]
    public void Malformed_challenges_are_refused_without_exception(string header)
    {
        Assert.Null(DigestChallenge.TryParse(header));
    }

    [Theory]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:a\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:a\", response=\"x\", qop=auth")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:a\", response=\"x\", algorithm=\"MD6\"")]
    public void Incomplete_authorizations_are_refused(string header)
    {
        Assert.Null(DigestAuthorization.TryParse(header));
    }

    [Fact]
    public void A_challenge_survives_formatting_and_parsing()
    {
        var challenge = new DigestChallenge("agents \"A\"", "n0nce", DigestAlgorithm.Sha256, ["auth"], "op", Stale: true);

        var parsed = DigestChallenge.TryParse(challenge.ToHeaderValue())!;

        Assert.Equal(challenge.Realm, parsed.Realm);
        Assert.Equal(challenge.Nonce, parsed.Nonce);
        Assert.Same(DigestAlgorithm.Sha256, parsed.Algorithm);
        Assert.Equal(["auth"], parsed.QopOptions);
        Assert.True(parsed.Stale);
        Assert.Equal("op", parsed.Opaque);
    }
}
