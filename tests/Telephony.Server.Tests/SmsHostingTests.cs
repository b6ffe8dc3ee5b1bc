using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

public sealed class SmsHostingTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Sms:GatewayUrl"] = "http://127.0.0.1:13013/cgi-bin/sendsms",
        ["Sms:Username"] = "telephony",
        ["Sms:Password"] = "password",
        ["Sms:Sender"] = "CNAV",
    };

    private static void Register(Dictionary<string, string?> values) =>
        new ServiceCollection().AddTelephonySms(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void A_complete_section_and_an_absent_one_both_start()
    {
        Register(Complete);
        Register([]);
    }

    [Theory]
    [InlineData("Sms:TimeoutSeconds", "ten")]
    [InlineData("Sms:ReminderHour", "25")]
    [InlineData("Sms:Sender", "")]
    [InlineData("Sms:GatewayUrl", "localhost:13013")]
    public void A_bad_value_stops_the_registration_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new Dictionary<string, string?>(Complete) { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
