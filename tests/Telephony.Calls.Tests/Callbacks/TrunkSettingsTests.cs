using Telephony.Calls.Configuration;

namespace Telephony.Calls.Tests.Callbacks;

public sealed class TrunkSettingsTests
{
    [Theory]
    [InlineData("trunk.example:5060", null, null, null, 10, "Trunk:Address")]
    [InlineData("192.0.2.20", null, null, null, 10, "Trunk:Address")]
    [InlineData("192.0.2.20:5060", "user", null, null, 10, "Trunk:Password")]
    [InlineData("192.0.2.20:5060", null, "secret", null, 10, "Trunk:Username")]
    [InlineData("192.0.2.20:5060", null, null, "CNAV", 10, "Trunk:CallerId")]
    [InlineData("192.0.2.20:5060", null, null, null, 0, "Trunk:MaxConcurrentCalls")]
    public void A_bad_value_stops_the_start_up_naming_its_key(string address, string? user, string? password, string? callerId, int max, string key)
    {
        var settings = new TrunkSettings { Address = address, Username = user, Password = password, CallerId = callerId, MaxConcurrentCalls = max };
        var error = Assert.Throws<InvalidOperationException>(settings.Validate);
        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_trunk_is_accepted_and_its_password_never_printed()
    {
        var settings = new TrunkSettings { Address = "192.0.2.20:5060", Transport = "tcp", Username = "cnav", Password = "very-secret", CallerId = "+33139603960" };
        settings.Validate();
        Assert.DoesNotContain("very-secret", settings.ToString(), StringComparison.Ordinal);
    }
}
