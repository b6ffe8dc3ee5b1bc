namespace Telephony.Sms.Tests;

public sealed class SmsSettingsTests
{
    private static SmsSettings Valid() => new()
    {
        GatewayUrl = "http://127.0.0.1:13013/cgi-bin/sendsms",
        Username = "telephony",
        Password = "s3cret-password",
        Sender = "CNAV",
    };

    [Fact]
    public void Without_a_gateway_url_sms_are_disabled_and_nothing_else_is_checked()
    {
        var settings = new SmsSettings { TimeoutSeconds = -1 };

        settings.Validate();

        Assert.False(settings.Enabled);
    }

    [Fact]
    public void A_complete_section_is_accepted()
    {
        Valid().Validate();
        new SmsSettings { GatewayUrl = "https://sms.example.org/cgi-bin/sendsms", Username = "u", Password = "p", Sender = "+33612345678" }.Validate();
    }

    public static TheoryData<string, Action<SmsSettings>> BadValues => new()
    {
        { "Sms:GatewayUrl", s => s.GatewayUrl = "127.0.0.1:13013" },
        { "Sms:GatewayUrl", s => s.GatewayUrl = "ftp://127.0.0.1/sendsms" },
        { "Sms:GatewayUrl", s => s.GatewayUrl = "http://127.0.0.1:13013/cgi-bin/sendsms?username=x" },
        { "Sms:GatewayUrl", s => s.GatewayUrl = "http://user:pass@127.0.0.1:13013/cgi-bin/sendsms" },
        { "Sms:Username", s => s.Username = " " },
        { "Sms:Password", s => s.Password = "" },
        { "Sms:Sender", s => s.Sender = null },
        { "Sms:Sender", s => s.Sender = "ASSURANCERETRAITE" },
        { "Sms:Sender", s => s.Sender = "CNAV!" },
        { "Sms:Sender", s => s.Sender = "1234567890123456" },
        { "Sms:TimeoutSeconds", s => s.TimeoutSeconds = 0 },
        { "Sms:ReminderHour", s => s.ReminderHour = 24 },
        { "Sms:MaxAttempts", s => s.MaxAttempts = 0 },
        { "Sms:RetryDelaySeconds", s => s.RetryDelaySeconds = 0 },
        { "Sms:RetryMaxDelaySeconds", s => s.RetryMaxDelaySeconds = 10 },
        { "Sms:MaxSegments", s => s.MaxSegments = 0 },
        { "Sms:PollIntervalSeconds", s => s.PollIntervalSeconds = 0 },
        { "Sms:PollIntervalSeconds", s => s.PollIntervalSeconds = double.NaN },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_naming_its_key(string key, Action<SmsSettings> spoil)
    {
        var settings = Valid();
        spoil(settings);

        var error = Assert.Throws<InvalidOperationException>(settings.Validate);

        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_never_shows_in_the_settings_text_or_errors()
    {
        var settings = Valid();
        settings.Sender = "";

        var error = Assert.Throws<InvalidOperationException>(settings.Validate);

        Assert.DoesNotContain("s3cret-password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", Valid().ToString(), StringComparison.Ordinal);
    }
}
